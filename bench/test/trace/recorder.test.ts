import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TraceRecorder } from '../../src/trace/recorder.js';
import { bytesToHex, canonicalJson, hexToBytes, parseJsonl } from '../../src/trace/jsonl.js';

test('lines are { v: 1, seq, t, kind, ... } with t from the injected clock', () => {
  let now = 1000;
  const lines: string[] = [];
  const t = new TraceRecorder({ clock: { now: () => now }, sink: (l) => lines.push(l) });
  t.record('clock', { ms: 5 });
  now = 1005;
  t.record('ofd.frame', { rawHex: bytesToHex(new Uint8Array([0x81, 0xa2])), n: 12n });
  assert.equal(JSON.parse(lines[0]!), { v: 1, seq: 1, t: 1000, kind: 'clock', ms: 5 });
  assert.equal(JSON.parse(lines[1]!), { v: 1, seq: 2, t: 1005, kind: 'ofd.frame', rawHex: '81a2', n: '12' });
  assert.is(t.toJsonl(), lines.join('\n') + '\n');
  assert.equal(t.slice(2, 2).map((e) => e.seq), [2]);
});

test('DCP payload secrets are redacted, operator frames are kept as they are', () => {
  const t = new TraceRecorder({ clock: { now: () => 0 } });
  t.record('dcp.request', { method: 'session.login', params: { mode: 'registration', password: '1111' } });
  t.record('dcp.request', { method: 'settings.set', params: { token: 777 } });
  t.record('ofd.frame', { token: 777 });
  const j = t.toJsonl();
  assert.not.match(j, /1111/);
  assert.match(j, /"password":"\*\*\*"/);
  assert.match(j, /"params":\{"token":"\*\*\*"\}/);
  assert.match(j, /"kind":"ofd.frame","token":777/);
});

test('canonical JSON is stable and parseJsonl reads it back; hex round-trips', () => {
  assert.is(canonicalJson({ a: 1n, b: undefined, c: [undefined, new Uint8Array([1])] }), '{"a":"1","c":[null,"01"]}');
  assert.equal(parseJsonl('{"a":1}\n\n{"b":2}\n'), [{ a: 1 }, { b: 2 }]);
  assert.throws(() => parseJsonl('{"a":1}\n{bad'), /line 2/);
  assert.equal([...hexToBytes('00ff10')], [0, 255, 16]);
  assert.throws(() => hexToBytes('0g'));
});

test('body fields never override v, seq, t or kind', () => {
  const t = new TraceRecorder({ clock: { now: () => 9 } });
  t.record('ofd.frame', { seq: 99, v: 2, t: 1, kind: 'x', ok: true });
  assert.equal(t.events()[0], { v: 1, seq: 1, t: 9, kind: 'ofd.frame', ok: true });
});

test.run();
