// Protobuf JSON for ledgers and traces: enum names, uint64 as decimal strings, bytes base64,
// field names in lowerCamelCase. Round-trips through requestFromJson/responseFromJson.
import { fromJson, toJson, type JsonValue } from '@bufbuild/protobuf';
import { RequestSchema, ResponseSchema, type Request, type Response } from './gen/ofd-protocol_pb.js';

export function requestToJson(req: Request): JsonValue {
  return toJson(RequestSchema, req);
}

export function responseToJson(res: Response): JsonValue {
  return toJson(ResponseSchema, res);
}

export function requestFromJson(json: JsonValue): Request {
  return fromJson(RequestSchema, json);
}

export function responseFromJson(json: JsonValue): Response {
  return fromJson(ResponseSchema, json);
}
