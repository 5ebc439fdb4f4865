// ECDSA P-256 + SHA-256. The applet signs with node:crypto (synchronous, fast); operators verify
// with WebCrypto (`verifyModuleSignature`), which accepts the same raw r||s (IEEE P1363) form.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, webcrypto, type KeyObject } from 'node:crypto';

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export interface ModuleKeyPair { privatePkcs8: Uint8Array; publicSpki: Uint8Array }

/** Generates a P-256 key pair "on the card". */
export function generateModuleKeyPair(): ModuleKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privatePkcs8: new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })),
    publicSpki: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })),
  };
}

export function importPrivateKey(pkcs8: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
}

/** ECDSA-SHA256 over `data`, 64-byte r||s. */
export function signData(key: KeyObject, data: Uint8Array): Uint8Array {
  return new Uint8Array(sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }));
}

/** Synchronous verification (node:crypto), used by the self-test. */
export function verifyDataSync(publicSpki: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicSpki), format: 'der', type: 'spki' });
    return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

/**
 * Verifies a module signature (receipt of a record, autonomous fiscal sign) with WebCrypto:
 * ECDSA P-256 with SHA-256, signature in raw r||s form (64 bytes), key as SPKI DER.
 */
export async function verifyModuleSignature(publicKeySpki: Uint8Array, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  try {
    const key = await webcrypto.subtle.importKey('spki', publicKeySpki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    return await webcrypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, data);
  } catch {
    return false;
  }
}
