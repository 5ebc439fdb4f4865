import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apduTraceEvents, commandHex, PIN_INS } from '../../src/trace/apdu.js';

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));

test('an exchange becomes the command (lossless hex, header fields) and its status word', () => {
  const [cmd, res] = apduTraceEvents({ at: 1000, command: bytes('80e4000003aabbcc'), response: bytes('0102039000') });
  assert.equal(cmd, { direction: 'to-card', at: 1000, cla: '80', ins: 'e4', p1: '00', p2: '00', rawHex: '80e4000003aabbcc' });
  assert.equal(res, { direction: 'from-card', at: 1000, ins: 'e4', sw: '9000', dataLength: 3 });
});

test('PIN data is masked byte for byte, the header, Lc and Le stay', () => {
  for (const ins of PIN_INS) {
    const c = bytes(`00${ins.toString(16).padStart(2, '0')}0001043132333400`);
    const r = commandHex(c);
    assert.ok(r.redacted);
    assert.is(r.rawHex, `00${ins.toString(16).padStart(2, '0')}000104********00`);
    assert.not.match(r.rawHex, /31323334/);
  }
  // not a PIN instruction: untouched
  assert.equal(commandHex(bytes('00a4040003313233')), { rawHex: '00a4040003313233', redacted: false });
});

test('short and malformed APDUs never throw', () => {
  assert.equal(apduTraceEvents({ at: 0, command: new Uint8Array(0), response: new Uint8Array(0) })[1], { direction: 'from-card', at: 0, ins: '', sw: '', dataLength: 0 });
  assert.is(commandHex(bytes('0020')).rawHex, '0020');
  // Lc longer than the data: masks what is there
  assert.is(commandHex(bytes('0020000108313233')).rawHex, '0020000108******');
});

test.run();
