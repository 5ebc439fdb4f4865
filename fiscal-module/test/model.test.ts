// Model-based: random sequences of client operations, with restarts from the file image in
// between, against a plain model of what the module must hold.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openInProcessModule, type InProcessModule } from '../src/in-process.js';
import { RECORD_KINDS, type RecordKind } from '../src/record.js';
import { verifyChain } from '../src/verify.js';
import { scratchDir } from './helpers.js';

const dir = scratchDir('fm-model-');
test.after(() => rmSync(dir, { recursive: true, force: true }));

type Op =
  | { op: 'append'; kind: RecordKind; payload: Uint8Array }
  | { op: 'close'; payload: Uint8Array }
  | { op: 'sign' }
  | { op: 'mark'; upto: number }
  | { op: 'read'; at: number }
  | { op: 'restart' }
  | { op: 'select' };

const kinds = RECORD_KINDS.filter((k) => k !== 'z_report');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('append' as const), kind: fc.constantFrom(...kinds), payload: fc.uint8Array({ maxLength: 600 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const), payload: fc.uint8Array({ maxLength: 100 }) }) },
  { weight: 2, arbitrary: fc.constant({ op: 'sign' as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('mark' as const), upto: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('read' as const), at: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'restart' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'select' as const }) },
);

let run = 0;
test('req 8/28: random operations with restarts keep exactly what the model says', async () => {
  await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 35 }), async (ops) => {
    const imagePath = join(dir, `m${run++}.img`);
    let m: InProcessModule = await openInProcessModule({ imagePath, sync: false });
    try {
      await m.client.personalize('FM-MODEL');
      const model = { records: [] as { kind: RecordKind; payload?: Uint8Array }[], shift: 1, counter: 0, transmitted: 0 };
      for (const o of ops) {
        const c = m.client;
        switch (o.op) {
          case 'append': {
            const r = await c.append(o.kind, o.payload);
            model.records.push({ kind: o.kind, payload: o.payload });
            if (r.index !== model.records.length) return false;
            break;
          }
          case 'close': {
            const z = await c.closeShift(o.payload);
            model.records.push({ kind: 'z_report' });
            if (z.shiftNumber !== model.shift || z.index !== model.records.length) return false;
            model.shift++;
            break;
          }
          case 'sign': {
            const s = await c.autonomousSign(new Uint8Array(32));
            model.counter++;
            if (s.counter !== model.counter) return false;
            break;
          }
          case 'mark': {
            if (o.upto > model.records.length) {
              const e = await c.markTransmitted(o.upto).then(() => null, (x: { code?: string }) => x);
              if (e?.code !== 'FM_RECORD_NOT_FOUND') return false;
            } else {
              model.transmitted = Math.max(model.transmitted, o.upto);
              if ((await c.markTransmitted(o.upto)) !== model.transmitted) return false;
            }
            break;
          }
          case 'read': {
            const want = model.records[o.at - 1];
            if (!want) {
              const e = await c.read(o.at).then(() => null, (x: { code?: string }) => x);
              if (e?.code !== 'FM_RECORD_NOT_FOUND') return false;
            } else {
              const r = await c.read(o.at);
              if (r.kind !== want.kind || r.transmitted !== o.at <= model.transmitted) return false;
              if (want.payload && Buffer.compare(Buffer.from(r.payload), Buffer.from(want.payload)) !== 0) return false;
            }
            break;
          }
          case 'restart':
            await m.close();
            m = await openInProcessModule({ imagePath, sync: false });
            break;
          case 'select':
            await c.select();
            break;
        }
      }
      const info = await m.client.info();
      const unsent = await m.client.unsent();
      const expectUnsent = Array.from({ length: model.records.length - model.transmitted }, (_, i) => model.transmitted + 1 + i);
      return info.recordCount === model.records.length && info.shiftNumber === model.shift && info.lifetimeCounter === model.counter
        && JSON.stringify(unsent) === JSON.stringify(expectUnsent)
        && (await m.client.selfTest()).ok && (await verifyChain(m.client)).ok;
    } finally {
      await m.close();
    }
  }), { numRuns: 150, seed: 3 });
  assert.ok(run >= 150);
});

test.run();
