// Education CA sign-in: the private key is read from a local file (standing in for the USB
// key), imported into WebCrypto as non-extractable and used only to sign the challenge.

export type CertificateErrorCode = 'NO_WEBCRYPTO' | 'CERT_FORMAT' | 'KEY_FORMAT' | 'KEY_IMPORT';

export class CertificateError extends Error {
  constructor(readonly code: CertificateErrorCode) {
    super(code);
    this.name = 'CertificateError';
  }
}

export interface ChallengeLike {
  id: string;
  nonce: string;
}

/** The exact string the gateway verifies. */
export function challengeMessage(challenge: ChallengeLike): string {
  return `TMIS-LOGIN|${challenge.id}|${challenge.nonce}`;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

function pemBlock(pem: string): { label: string; body: string } | null {
  const match = PEM_BLOCK.exec(pem);
  return match ? { label: match[1]!, body: match[2]!.replace(/\s+/g, '') } : null;
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function bytesToPem(bytes: ArrayBuffer, label: string): string {
  const lines = bytesToBase64(bytes).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Returns the certificate's PEM block, trimmed, or throws CERT_FORMAT. */
export function normalizeCertificatePem(text: string): string {
  const block = pemBlock(text);
  if (!block || block.label !== 'CERTIFICATE' || !block.body) throw new CertificateError('CERT_FORMAT');
  return PEM_BLOCK.exec(text)![0].trim() + '\n';
}

function subtle(): SubtleCrypto {
  const crypto = globalThis.crypto;
  // crypto.subtle exists only in secure contexts (HTTPS or localhost).
  if (!crypto?.subtle) throw new CertificateError('NO_WEBCRYPTO');
  return crypto.subtle;
}

export async function importSigningKey(pkcs8Pem: string): Promise<CryptoKey> {
  const block = pemBlock(pkcs8Pem);
  // "EC PRIVATE KEY" (SEC1) and encrypted keys are not PKCS#8; WebCrypto cannot import them.
  if (!block || block.label !== 'PRIVATE KEY') throw new CertificateError('KEY_FORMAT');
  let der: Uint8Array<ArrayBuffer>;
  try {
    der = base64ToBytes(block.body);
  } catch {
    throw new CertificateError('KEY_FORMAT');
  }
  const api = subtle();
  try {
    return await api.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  } catch {
    throw new CertificateError('KEY_IMPORT');
  }
}

/** Signs the challenge; returns base64 of the raw r||s ECDSA P-256/SHA-256 signature. */
export async function signChallenge(privateKeyPem: string, challenge: ChallengeLike): Promise<string> {
  const key = await importSigningKey(privateKeyPem);
  const data = new TextEncoder().encode(challengeMessage(challenge));
  const signature = await subtle().sign({ name: 'ECDSA', hash: 'SHA-256' }, key, data);
  return bytesToBase64(signature);
}
