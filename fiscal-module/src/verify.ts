// Verifies the hash chain from the outside, through the client only (what an operator or the
// bench does): every record's hash recomputed from its canonical encoding, every link, the head.
import type { FiscalModuleClient } from './client.js';
import { genesisHash, kindCode, recordHash } from './record.js';
import { bytesEqual } from './tlv.js';

export interface ChainVerdict { ok: boolean; records: number; problem?: string; badIndex?: number }

export async function verifyChain(client: FiscalModuleClient): Promise<ChainVerdict> {
  const info = await client.info();
  if (info.state === 'blank') return { ok: true, records: 0 };
  let prev = genesisHash(info.moduleId);
  for (let i = 1; i <= info.recordCount; i++) {
    const r = await client.read(i);
    if (r.index !== i) return { ok: false, records: info.recordCount, badIndex: i, problem: `record ${i} reports index ${r.index}` };
    if (!bytesEqual(r.prevHash, prev)) return { ok: false, records: info.recordCount, badIndex: i, problem: `record ${i}: prev hash does not link` };
    const h = recordHash({ ...r, kind: kindCode(r.kind) });
    if (!bytesEqual(h, r.hash)) return { ok: false, records: info.recordCount, badIndex: i, problem: `record ${i}: content does not match its hash` };
    prev = r.hash;
  }
  const head = await client.chainHead();
  if (head.index !== info.recordCount || !bytesEqual(head.hash, prev)) return { ok: false, records: info.recordCount, problem: 'chain head does not match the last record' };
  return { ok: true, records: info.recordCount };
}
