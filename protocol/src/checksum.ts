// ZXReport.checksum (ofd-protocol.md §13.1): the algorithm is not specified anywhere; the
// reference's choice, used by the bench on both sides, is 8 uppercase hex digits of the IEEE
// CRC-32 (reflected, polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF) over the serialized
// ZXReport without field 18. Servers should not reject on mismatch.
import { clearField, clone, toBinary } from '@bufbuild/protobuf';
import { ZXReportSchema, type ZXReport } from './gen/ofd-protocol_pb.js';

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** IEEE CRC-32 of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** 8 uppercase hex digits of CRC-32 over the report serialized without its checksum (field 18). Throws if required fields are missing. */
export function zxChecksum(report: ZXReport): string {
  const copy = clone(ZXReportSchema, report);
  clearField(copy, ZXReportSchema.field.checksum!);
  return crc32(toBinary(ZXReportSchema, copy)).toString(16).toUpperCase().padStart(8, '0');
}
