import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for personal identifiers (document numbers). AES-256-GCM with a random
 * nonce per value; a separate HMAC-SHA256 key gives a deterministic "blind index" for exact
 * lookups and the duplicate check without ever storing the number in clear.
 * Both keys are derived from the one master key so operators manage a single secret.
 */
export interface FieldCrypto {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
  /** The same for whole files (export workbooks): bytes in, bytes out, under their own key. */
  sealBytes(plain: Buffer): Buffer;
  openBytes(sealed: Buffer): Buffer;
  /**
   * Deterministic sealing for ORM-mapped columns (phone, e-mail, contacts): the nonce is a keyed
   * hash of the value, so the same value seals to the same bytes and change tracking stays quiet.
   * Leaks only equality, as a blind index does; its own key.
   */
  sealStable(plain: string): Buffer;
  openStable(sealed: Buffer): string;
  /** Keyed hash for lookups; `context` separates namespaces (e.g. document type). */
  blindIndex(value: string, context: string): Buffer;
}

const VERSION = 1;

export function createFieldCrypto(masterKey: Buffer): FieldCrypto {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'tmis/field-encryption/v1', 32));
  const macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'tmis/blind-index/v1', 32));
  const fileKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'tmis/file-encryption/v1', 32));
  const stableKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'tmis/stable-field-encryption/v1', 32));
  const nonceKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'tmis/stable-field-nonce/v1', 32));
  const seal = (key: Buffer, plain: Buffer, iv = randomBytes(12)): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  };
  const open = (key: Buffer, sealed: Buffer): Buffer => {
    if (sealed[0] !== VERSION) throw new Error('unknown ciphertext version');
    const iv = sealed.subarray(1, 13);
    const tag = sealed.subarray(13, 29);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]);
  };
  return {
    encrypt: (plain) => seal(encKey, Buffer.from(plain, 'utf8')),
    decrypt: (sealed) => open(encKey, sealed).toString('utf8'),
    sealBytes: (plain) => seal(fileKey, plain),
    openBytes: (sealed) => open(fileKey, sealed),
    sealStable(plain) {
      const body = Buffer.from(plain, 'utf8');
      return seal(stableKey, body, createHmac('sha256', nonceKey).update(body).digest().subarray(0, 12));
    },
    openStable: (sealed) => open(stableKey, sealed).toString('utf8'),
    blindIndex(value, context) {
      return createHmac('sha256', macKey).update(context).update('\u0000').update(value).digest();
    },
  };
}
