// Login challenge helpers. The server hands out {id, nonce}; the USB-key holder signs
// challengeSigningInput(id, nonce). signChallenge is the client side, for tests and scripts:
// a P-256 key through WebCrypto the way a browser does (IEEE-P1363 r||s), an SM2 key with
// SM2-with-SM3 and the default user id (DER), the way a USB-key middleware does.
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { sm2PrivateKeyHex, sm2Sign } from '../../crypto/profile.js';
import { isSm2PublicKey } from './signed-data.js';

export function newChallengeNonce(): string {
  return randomBytes(32).toString('base64url');
}

/** The exact string whose UTF-8 bytes the client signs. */
export function challengeSigningInput(challengeId: string, nonce: string): string {
  return `TMIS-LOGIN|${challengeId}|${nonce}`;
}

function pkcs8FromPem(pem: string): Buffer {
  const body = pem
    .replace(/-----BEGIN PRIVATE KEY-----|-----END PRIVATE KEY-----/g, '')
    .replace(/\s+/g, '');
  return Buffer.from(body, 'base64');
}

/** Signs `data` with a PKCS#8 PEM key (SM2 or ECDSA P-256); returns the base64 signature. */
export async function signChallenge(params: { keyPem: string; data: string }): Promise<string> {
  const nodeKey = createPrivateKey(params.keyPem);
  if (isSm2PublicKey(createPublicKey(nodeKey))) return sm2Sign(sm2PrivateKeyHex(nodeKey), params.data).toString('base64');
  const { subtle } = globalThis.crypto;
  const key = await subtle.importKey(
    'pkcs8',
    pkcs8FromPem(params.keyPem),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  const sig = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, new TextEncoder().encode(params.data));
  return Buffer.from(sig).toString('base64');
}
