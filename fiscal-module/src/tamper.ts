// Test hook: writes behind the applet's back, as an attacker with a hex editor would
// (req 2.3 / 43.2 tests): the record payload changes, its stored hash does not.
import { FiscalApplet } from './applet.js';
import { FileStore } from './image.js';

export type TamperTarget = string | FiscalApplet | { applet: FiscalApplet };

export function tamperImage(target: TamperTarget, index: number, mutate: (payload: Uint8Array) => Uint8Array | void): void {
  if (typeof target === 'string') {
    const applet = new FiscalApplet({ store: new FileStore(target, { sync: true, ignoreLock: true }) });
    try { applet.tamperRecord(index, mutate); } finally { applet.close(); }
    return;
  }
  const applet = target instanceof FiscalApplet ? target : target.applet;
  applet.tamperRecord(index, mutate);
}
