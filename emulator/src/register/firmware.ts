// The register's software and its signature (reqs 2.2, 43.1): the firmware image is signed by
// the manufacturer (Ed25519); the self-test hashes the installed image and checks the signature,
// and firmware.install refuses an image whose signature does not verify.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

// A fixed manufacturer key of the reference emulator (a test key: it signs nothing real).
const VENDOR_SEED = Buffer.from('6b6b6d2d62656e63682d7265666572656e63652d76656e646f722d6b65792131', 'hex');
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

let vendorKey: { priv: KeyObject; pub: KeyObject } | null = null;
function key(): { priv: KeyObject; pub: KeyObject } {
  if (!vendorKey) {
    const priv = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, VENDOR_SEED]), format: 'der', type: 'pkcs8' });
    vendorKey = { priv, pub: createPublicKey(priv) };
  }
  return vendorKey;
}

/** Signs a firmware image with the reference manufacturer key (what a vendor's build does). */
export function signFirmware(image: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, image, key().priv));
}

export function firmwareSignatureValid(image: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(null, image, key().pub, signature);
  } catch {
    return false;
  }
}

export function firmwareHash(image: Uint8Array): string {
  return createHash('sha256').update(image).digest('hex');
}

/** The factory image of the reference register. */
export function factoryFirmware(version: string): Uint8Array {
  return new TextEncoder().encode(`kkm-reference-emulator firmware ${version}\n`);
}

/** The version string of an image: its first line's last word, else a hash prefix. */
export function firmwareVersion(image: Uint8Array): string {
  const text = new TextDecoder().decode(image.subarray(0, 200));
  const m = /firmware ([\w.+-]+)/.exec(text);
  return m ? m[1]! : firmwareHash(image).slice(0, 12);
}
