// The in-process module: the applet, its store and a client over a direct transport.
import { FiscalApplet } from './applet.js';
import { FiscalModuleClient } from './client.js';
import { FileStore, MemoryStore, type Store } from './image.js';
import { resolveModuleOptions, type ModuleOptions } from './options.js';
import { InProcessTransport } from './transport.js';

export interface InProcessModule {
  client: FiscalModuleClient;
  applet: FiscalApplet;
  transport: InProcessTransport;
  close(): Promise<void>;
}

/** Builds the applet over a memory or file store (no SELECT yet). */
export function createApplet(options: ModuleOptions = {}): FiscalApplet {
  const o = resolveModuleOptions(options);
  const store: Store = o.imagePath ? new FileStore(o.imagePath, { sync: o.sync }) : new MemoryStore();
  try {
    return new FiscalApplet({ store, clock: o.clock, maxPayload: o.maxPayload, capacityBytes: o.capacityBytes, pinTries: o.pinTries });
  } catch (e) {
    store.close();
    throw e;
  }
}

/** Opens the module in this process and SELECTs the applet. Close it to release the image. */
export async function openInProcessModule(options: ModuleOptions = {}): Promise<InProcessModule> {
  const applet = createApplet(options);
  const transport = new InProcessTransport(applet);
  const client = new FiscalModuleClient(transport);
  await client.select();
  let closed = false;
  return {
    client, applet, transport,
    async close() {
      if (closed) return;
      closed = true;
      await transport.close();
      applet.close();
    },
  };
}
