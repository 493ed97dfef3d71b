// Education CA sign-in: the private key is read from a local file (standing in for the USB
// key) and used only to sign the challenge. Its algorithm comes from the PKCS#8 itself: an SM2
// key (the education CA under the national algorithms) signs SM2-with-SM3 through sm-crypto-v2,
// a P-256 key is imported into WebCrypto as non-extractable, anything else is refused.

export type CertificateErrorCode = 'NO_WEBCRYPTO' | 'CERT_FORMAT' | 'KEY_FORMAT' | 'KEY_IMPORT' | 'KEY_UNSUPPORTED';

export class CertificateError extends Error {
  /** For KEY_UNSUPPORTED: what the key is (e.g. `RSA`, `EC 1.3.132.0.34`), shown to the user. */
  constructor(readonly code: CertificateErrorCode, readonly keyType?: string) {
    super(keyType ? `${code}: ${keyType}` : code);
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
const PEM_BLOCKS = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

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

/**
 * The certificate and the chain the file carries (USB-key middleware, and the demo CA under
 * `gm`, put the issuing CA after the person's certificate; the gateway builds the path through
 * them): every CERTIFICATE block in order, the text around them dropped. Throws CERT_FORMAT
 * unless the first block is a certificate.
 */
export function normalizeCertificatePem(text: string): string {
  const blocks = [...text.matchAll(PEM_BLOCKS)];
  const first = blocks[0];
  if (!first || first[1] !== 'CERTIFICATE' || !first[2]!.replace(/\s+/g, '')) throw new CertificateError('CERT_FORMAT');
  return blocks.filter((b) => b[1] === 'CERTIFICATE').map((b) => b[0].trim()).join('\n') + '\n';
}

// --- PKCS#8: just enough DER to name the key's algorithm and, for SM2, take its scalar. ---

const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  sm2: '1.2.156.10197.1.301',
  rsa: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  dsa: '1.2.840.10040.4.1',
} as const;

const KEY_NAMES: Record<string, string> = {
  [OID.rsa]: 'RSA', [OID.rsaPss]: 'RSA-PSS', [OID.ed25519]: 'Ed25519', [OID.ed448]: 'Ed448', [OID.dsa]: 'DSA',
  '1.3.132.0.34': 'ECDSA P-384', '1.3.132.0.35': 'ECDSA P-521', '1.3.132.0.10': 'ECDSA secp256k1',
};

interface Tlv {
  tag: number;
  body: Uint8Array;
  /** Index just after this element in the enclosing bytes. */
  end: number;
}

function readTlv(bytes: Uint8Array, at: number): Tlv {
  if (at + 2 > bytes.length) throw new CertificateError('KEY_IMPORT');
  const tag = bytes[at]!;
  let length = bytes[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count < 1 || count > 3 || start + count > bytes.length) throw new CertificateError('KEY_IMPORT');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[start + i]!;
    start += count;
  }
  if (start + length > bytes.length) throw new CertificateError('KEY_IMPORT');
  return { tag, body: bytes.subarray(start, start + length), end: start + length };
}

/** The elements of a SEQUENCE's (or context tag's) body. */
function children(body: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < body.length; ) {
    const tlv = readTlv(body, at);
    out.push(tlv);
    at = tlv.end;
  }
  return out;
}

function oidText(body: Uint8Array): string {
  const ids: number[] = [];
  let value = 0;
  for (const byte of body) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      ids.push(value);
      value = 0;
    }
  }
  if (ids.length === 0) throw new CertificateError('KEY_IMPORT');
  // The first subidentifier packs the first two arcs (40 × arc1 + arc2).
  const first = ids[0]!;
  const arc1 = Math.min(2, Math.floor(first / 40));
  return [arc1, first - 40 * arc1, ...ids.slice(1)].join('.');
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const OCTET_STRING = 0x04;
const OBJECT_ID = 0x06;

export type KeyAlgorithm = 'sm2' | 'p256';

export interface ParsedKey {
  algorithm: KeyAlgorithm;
  /** The PKCS#8 DER (what WebCrypto imports). */
  der: Uint8Array<ArrayBuffer>;
  /** SM2 only: the private scalar d, 64 hex digits. */
  privateHex?: string;
}

/**
 * Reads a PKCS#8 PEM ("BEGIN PRIVATE KEY") and names its algorithm. An EC key names its curve in
 * the AlgorithmIdentifier (OpenSSL, Node, WebCrypto) or only inside the ECPrivateKey; some
 * national-algorithm tools put the SM2 OID itself as the algorithm. Throws KEY_FORMAT (not a
 * PKCS#8 PEM), KEY_IMPORT (broken DER) or KEY_UNSUPPORTED (a key of another type or curve).
 */
export function parsePrivateKey(pkcs8Pem: string): ParsedKey {
  const block = pemBlock(pkcs8Pem);
  // "EC PRIVATE KEY" (SEC1) and "ENCRYPTED PRIVATE KEY" are not plain PKCS#8.
  if (!block || block.label !== 'PRIVATE KEY') throw new CertificateError('KEY_FORMAT');
  let der: Uint8Array<ArrayBuffer>;
  try {
    der = base64ToBytes(block.body);
  } catch {
    throw new CertificateError('KEY_FORMAT');
  }
  const outer = readTlv(der, 0);
  if (outer.tag !== SEQUENCE) throw new CertificateError('KEY_IMPORT');
  const [version, algorithmId, privateKey] = children(outer.body);
  if (version?.tag !== INTEGER || algorithmId?.tag !== SEQUENCE || privateKey?.tag !== OCTET_STRING) throw new CertificateError('KEY_IMPORT');
  const [algorithm, parameters] = children(algorithmId.body);
  if (algorithm?.tag !== OBJECT_ID) throw new CertificateError('KEY_IMPORT');
  const algorithmOid = oidText(algorithm.body);
  if (algorithmOid !== OID.ecPublicKey && algorithmOid !== OID.sm2) {
    throw new CertificateError('KEY_UNSUPPORTED', KEY_NAMES[algorithmOid] ?? algorithmOid);
  }

  // ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters, [1] publicKey }
  const ecKey = readTlv(privateKey.body, 0);
  if (ecKey.tag !== SEQUENCE) throw new CertificateError('KEY_IMPORT');
  const ecFields = children(ecKey.body);
  const scalar = ecFields[1];
  if (ecFields[0]?.tag !== INTEGER || scalar?.tag !== OCTET_STRING) throw new CertificateError('KEY_IMPORT');
  let curve = algorithmOid === OID.sm2 ? OID.sm2 : parameters?.tag === OBJECT_ID ? oidText(parameters.body) : null;
  if (!curve) {
    const inner = ecFields.find((f) => f.tag === 0xa0);
    const named = inner ? children(inner.body)[0] : undefined;
    if (named?.tag === OBJECT_ID) curve = oidText(named.body);
  }
  if (curve === OID.p256) return { algorithm: 'p256', der };
  if (curve === OID.sm2) {
    if (scalar.body.length === 0 || scalar.body.length > 32) throw new CertificateError('KEY_IMPORT');
    const hex = [...scalar.body].map((b) => b.toString(16).padStart(2, '0')).join('');
    return { algorithm: 'sm2', der, privateHex: hex.padStart(64, '0') };
  }
  throw new CertificateError('KEY_UNSUPPORTED', curve ? (KEY_NAMES[curve] ?? `EC ${curve}`) : 'EC');
}

function subtle(): SubtleCrypto {
  const crypto = globalThis.crypto;
  // crypto.subtle exists only in secure contexts (HTTPS or localhost).
  if (!crypto?.subtle) throw new CertificateError('NO_WEBCRYPTO');
  return crypto.subtle;
}

async function importP256(der: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const api = subtle();
  try {
    return await api.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  } catch {
    throw new CertificateError('KEY_IMPORT');
  }
}

/** The user id of GB/T 32918 / GM/T 0009 the gateway verifies with. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

async function signSm2(privateHex: string, data: Uint8Array): Promise<string> {
  // Loaded only for SM2 keys: the P-256 login does not carry the library.
  const { sm2 } = await import('sm-crypto-v2');
  let publicKey: string;
  try {
    publicKey = sm2.getPublicKeyFromPrivateKey(privateHex);
  } catch {
    throw new CertificateError('KEY_IMPORT'); // d = 0 or not below the curve order
  }
  // SM3 over Z_A ‖ M with the default user id, DER-encoded as a USB-key middleware returns it.
  const hex = sm2.doSignature(data, privateHex, { hash: true, der: true, publicKey, userId: SM2_DEFAULT_USER_ID });
  return bytesToBase64(sm2.hexToArray(hex));
}

/**
 * Signs the challenge with the key file; returns the base64 signature: for P-256 the raw r||s
 * of ECDSA/SHA-256 (WebCrypto), for SM2 the DER SEQUENCE { r, s } of SM2-with-SM3.
 */
export async function signChallenge(privateKeyPem: string, challenge: ChallengeLike): Promise<string> {
  const key = parsePrivateKey(privateKeyPem);
  const data = new TextEncoder().encode(challengeMessage(challenge));
  if (key.algorithm === 'sm2') return signSm2(key.privateHex!, data);
  const cryptoKey = await importP256(key.der);
  const signature = await subtle().sign({ name: 'ECDSA', hash: 'SHA-256' }, cryptoKey, data);
  return bytesToBase64(signature);
}
