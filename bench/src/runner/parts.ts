// The other parts the runner starts, seen through their public index.ts only (contracts.md):
// ofd-mock's `startOfdMock` and emulator's `startEmulator` / `listDefects`. Declared here as the
// narrow shapes the runner uses, so the runner can be tested with fakes.
import { startOfdMock } from '../../../ofd-mock/index.js';
import { startEmulator, listDefects } from '../../../emulator/index.js';
import type { CaseOperator } from '../case.js';
import type { DeviceProfile } from '../dcp/types.js';
import type { ApduExchange } from '../trace/apdu.js';

/** A ledger entry of the operator (what it received or sent), as far as the trace needs it. */
export interface LedgerEntryLike {
  seq: number;
  kkmId: number | null;
  rawHex?: string;
}

export interface OperatorLike extends CaseOperator {
  events?: { on(event: 'entry', cb: (e: LedgerEntryLike) => void): unknown; off?(event: 'entry', cb: (e: LedgerEntryLike) => void): unknown };
  deregister?(kkmId: number): unknown;
  close(): Promise<void>;
}

export interface StartOperatorOptions {
  clock: { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void };
  seed: number;
  provision: DeviceProfile['registration'][];
  /** one port per channel; 0 = any */
  ports: number[];
  host?: string;
}

export interface StartDutOptions {
  profile: DeviceProfile;
  ofd: { host: string; port: number }[];
  clock: { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void };
  virtualClock: boolean;
  defects: string[];
  seed: number;
  /** every exchange with the DUT's simulated card, when the bench hosts it (the emulator in-process) */
  apduLog?: (e: ApduExchange) => void;
}

export interface RunningDutLike {
  dcpUrl: string;
  close(): Promise<void>;
}

export interface DefectInfo { name: string; requirements: string[]; description: string }

export interface Parts {
  startOperator(o: StartOperatorOptions): Promise<OperatorLike>;
  startEmulator(o: StartDutOptions): Promise<RunningDutLike>;
  listDefects(): DefectInfo[];
}

/** The real parts: ofd-mock and emulator through their index.ts. */
export async function loadParts(_withEmulator = true): Promise<Parts> {
  return {
    startOperator: async (o) => { const m: OperatorLike = await startOfdMock({ host: o.host ?? "127.0.0.1", ports: o.ports, clock: o.clock, seed: o.seed, provision: o.provision }); return m; },
    startEmulator: (o) =>
      startEmulator({ profile: o.profile as never, ofd: o.ofd, dcp: { host: '127.0.0.1', port: 0 }, clock: o.clock, virtualClock: o.virtualClock, defects: o.defects, seed: o.seed, ...(o.apduLog ? { apduLog: o.apduLog } : {}) }),
    listDefects: () => listDefects().map((d) => ({ name: d.name, requirements: [...d.requirements], description: d.description })),
  };
}
