// JSON-RPC 2.0 over DCP lines: one message in, at most one message out. Transport-free, so the
// TCP and serial servers (and tests) share the exact same mapping of errors to codes.
import { DcpDomainError, DcpInvalidParams, DcpMethodNotFound, type DcpHandler } from './handler.js';
import { DCP_REASONS, REASON_REQUIREMENT, type DcpReason } from './types.js';
import { assertParams } from './validate.js';

export const JSONRPC_PARSE_ERROR = -32700;
export const JSONRPC_INVALID_REQUEST = -32600;
export const JSONRPC_METHOD_NOT_FOUND = -32601;
export const JSONRPC_INVALID_PARAMS = -32602;
export const JSONRPC_INTERNAL_ERROR = -32603;
export const DCP_DOMAIN_ERROR = -32000;

export type JsonRpcId = string | number | null;

export interface JsonRpcError {
  code: number;
  message: string;
  data?: unknown;
}

export interface JsonRpcResponse {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result?: unknown;
  error?: JsonRpcError;
}

/** JSON text of a value; bigints become numbers when safe, decimal strings otherwise. No newlines. */
export function toJsonLine(value: unknown): string {
  // fast path: a replacer function makes JSON.stringify several times slower (a call per key),
  // and only bigints need one — plain stringify throws a TypeError on the first bigint (or a cycle)
  try {
    return JSON.stringify(value);
  } catch {
    return JSON.stringify(value, bigintReplacer);
  }
}

const bigintReplacer = (_k: string, v: unknown): unknown =>
  typeof v === 'bigint' ? (v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString()) : v;

export function notificationLine(method: string, params: unknown): string {
  return toJsonLine({ jsonrpc: '2.0', method, params });
}

const errorResponse = (id: JsonRpcId, code: number, message: string, data?: unknown): JsonRpcResponse =>
  data === undefined ? { jsonrpc: '2.0', id, error: { code, message } } : { jsonrpc: '2.0', id, error: { code, message, data } };

const isValidId = (id: unknown): id is JsonRpcId => id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));

/** Maps anything the handler (or validation) threw to a JSON-RPC error. */
export function errorFor(err: unknown): JsonRpcError {
  // Duck-typed by name so that an error class from another module instance maps the same way.
  const e = err as { name?: unknown; message?: unknown; reason?: unknown; requirement?: unknown; method?: unknown; path?: unknown; issues?: unknown; code?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (err instanceof DcpDomainError || e?.name === 'DcpDomainError') {
    const reason = (DCP_REASONS as readonly string[]).includes(e.reason as string) ? (e.reason as DcpReason) : null;
    if (reason === null) return { code: JSONRPC_INTERNAL_ERROR, message: `handler refused with an unknown reason ${String(e.reason)}: ${message}` };
    const requirement = typeof e.requirement === 'string' ? e.requirement : REASON_REQUIREMENT[reason];
    return { code: DCP_DOMAIN_ERROR, message, data: requirement === undefined ? { reason } : { reason, requirement } };
  }
  if (err instanceof DcpMethodNotFound || e?.name === 'DcpMethodNotFound') {
    return { code: JSONRPC_METHOD_NOT_FOUND, message, data: { method: e.method } };
  }
  if (err instanceof DcpInvalidParams || e?.name === 'DcpInvalidParams') {
    const data: Record<string, unknown> = {};
    if (typeof e.path === 'string') data.path = e.path;
    if (Array.isArray(e.issues)) data.issues = e.issues;
    return { code: JSONRPC_INVALID_PARAMS, message, data };
  }
  return { code: JSONRPC_INTERNAL_ERROR, message: `internal error: ${message}`, data: typeof e?.code === 'string' ? { code: e.code } : undefined };
}

/**
 * Handles one request object. Resolves to the response, or null for a notification (no `id`).
 * Params are validated against dcp.md before the handler is called.
 */
export async function dispatchMessage(handler: DcpHandler, msg: unknown): Promise<JsonRpcResponse | null> {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
    return errorResponse(null, JSONRPC_INVALID_REQUEST, 'invalid request: not a JSON-RPC object');
  }
  const m = msg as Record<string, unknown>;
  const hasId = 'id' in m;
  const id: JsonRpcId = hasId && isValidId(m.id) ? m.id : null;
  if (hasId && !isValidId(m.id)) return errorResponse(null, JSONRPC_INVALID_REQUEST, 'invalid request: id must be a string, a number or null');
  if (m.jsonrpc !== '2.0') return errorResponse(id, JSONRPC_INVALID_REQUEST, 'invalid request: jsonrpc must be "2.0"');
  if (typeof m.method !== 'string' || m.method.length === 0) return errorResponse(id, JSONRPC_INVALID_REQUEST, 'invalid request: method must be a non-empty string');
  const method = m.method;
  let params: unknown = m.params === undefined ? {} : m.params;
  let response: JsonRpcResponse;
  try {
    if (typeof params !== 'object' || params === null) {
      return hasId ? errorResponse(id, JSONRPC_INVALID_REQUEST, 'invalid request: params must be an object') : null;
    }
    if (Array.isArray(params)) throw new DcpInvalidParams(`invalid params for ${method}: DCP params are by name (an object), not an array`, '$');
    assertParams(method, params);
    const result = await handler.handle(method, params);
    response = { jsonrpc: '2.0', id, result: result === undefined ? {} : result };
  } catch (err) {
    response = { jsonrpc: '2.0', id, error: errorFor(err) };
  }
  return hasId ? response : null;
}

/**
 * Handles one line of input. Resolves to the line to write back (without `\n`), or null when
 * nothing is due (a notification from the client, an empty line).
 */
export async function dispatchLine(handler: DcpHandler, line: string): Promise<string | null> {
  if (line.trim().length === 0) return null;
  let msg: unknown;
  try {
    msg = JSON.parse(line);
  } catch (err) {
    return toJsonLine(errorResponse(null, JSONRPC_PARSE_ERROR, `parse error: ${(err as Error).message}`));
  }
  if (Array.isArray(msg)) {
    if (msg.length === 0) return toJsonLine(errorResponse(null, JSONRPC_INVALID_REQUEST, 'invalid request: empty batch'));
    const out: JsonRpcResponse[] = [];
    for (const one of msg) {
      const r = await dispatchMessage(handler, one);
      if (r !== null) out.push(r);
    }
    if (out.length === 0) return null;
    try {
      return toJsonLine(out);
    } catch {
      return toJsonLine(out.map((r) => JSON.parse(encodeResponse(r)) as JsonRpcResponse));
    }
  }
  const r = await dispatchMessage(handler, msg);
  return r === null ? null : encodeResponse(r);
}

/** The response as a line; a result that cannot be encoded (a cycle) becomes -32603 for the same id. */
function encodeResponse(r: JsonRpcResponse): string {
  try {
    return toJsonLine(r);
  } catch (err) {
    return toJsonLine(errorResponse(r.id, JSONRPC_INTERNAL_ERROR, `internal error: the result cannot be encoded as JSON: ${(err as Error).message}`));
  }
}
