// A valid local DateTime (any real calendar date 2000..2099), second sometimes absent.
import fc from 'fast-check';
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { DateTimeSchema } from '../../src/gen/ofd-protocol_pb.js';

export function dateTime(): fc.Arbitrary<MessageInitShape<typeof DateTimeSchema>> {
  return fc
    .record({
      ms: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31, 23, 59, 59) }),
      withSecond: fc.boolean(),
    })
    .map(({ ms, withSecond }) => {
      const d = new Date(ms);
      return {
        date: { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() },
        time: withSecond ? { hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() } : { hour: d.getUTCHours(), minute: d.getUTCMinutes() },
      };
    });
}
