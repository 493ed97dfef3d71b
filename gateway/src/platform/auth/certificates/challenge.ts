// Login challenge helpers. The server hands out {id, nonce}; the USB-key holder signs
// challengeSigningInput(id, nonce). signChallenge is the client side, for tests and scripts,
// and deliberately uses WebCrypto the way a browser would (IEEE-P1363 r||s output).
import { randomBytes } from 'node:crypto';

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

/** Signs `data` with an ECDSA P-256 PKCS#8 PEM key; returns the base64 IEEE-P1363 signature. */
export async function signChallenge(params: { keyPem: string; data: string }): Promise<string> {
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
