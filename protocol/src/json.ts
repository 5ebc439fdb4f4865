// Protobuf JSON for ledgers and traces: enum names, 64-bit integers as decimal strings, bytes
// base64, lowerCamelCase field names — the canonical protobuf JSON mapping. Unlike
// protobuf-es's toJson it never throws: a message missing a required field (one the mock
// must still log) is written without it. Read back with requestFromJson/responseFromJson.
import { fromJson, isFieldSet, ScalarType, type DescField, type DescMessage, type JsonObject, type JsonValue, type Message } from '@bufbuild/protobuf';
import { RequestSchema, ResponseSchema, type Request, type Response } from './gen/ofd-protocol_pb.js';

function scalarJson(t: ScalarType, v: unknown): JsonValue {
  switch (t) {
    case ScalarType.INT64: case ScalarType.UINT64: case ScalarType.SINT64: case ScalarType.FIXED64: case ScalarType.SFIXED64:
      return String(v);
    case ScalarType.BYTES:
      return Buffer.from(v as Uint8Array).toString('base64');
    default:
      return v as JsonValue;
  }
}

function valueJson(f: DescField, v: unknown): JsonValue {
  switch (f.fieldKind) {
    case 'scalar': return scalarJson(f.scalar, v);
    case 'enum': return f.enum.values.find((x) => x.number === v)?.name ?? (v as number);
    case 'message': return messageJson(f.message, v as Message);
    case 'list':
      return (v as unknown[]).map((x) => (f.listKind === 'message' ? messageJson(f.message, x as Message)
        : f.listKind === 'enum' ? (f.enum.values.find((e) => e.number === x)?.name ?? (x as number))
        : scalarJson(f.scalar, x)));
    case 'map': return {};
  }
}

/** Tolerant protobuf JSON of any message of the schema. */
export function messageJson(desc: DescMessage, msg: Message): JsonObject {
  const out: JsonObject = {};
  const rec = msg as unknown as Record<string, unknown>;
  for (const f of desc.fields) {
    if (!isFieldSet(msg, f)) continue;
    out[f.jsonName] = valueJson(f, rec[f.localName]);
  }
  return out;
}

export function requestToJson(req: Request): JsonValue {
  return messageJson(RequestSchema, req);
}

export function responseToJson(res: Response): JsonValue {
  return messageJson(ResponseSchema, res);
}

export function requestFromJson(json: JsonValue): Request {
  return fromJson(RequestSchema, json);
}

export function responseFromJson(json: JsonValue): Response {
  return fromJson(ResponseSchema, json);
}
