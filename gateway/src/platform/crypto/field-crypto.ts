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
  /** Keyed hash for lookups; `context` separates namespaces (e.g. document type). */
  blindIndex(value: string, context: string): Buffer;
}

const VERSION = 1;

export function createFieldCrypto(masterKey: Buffer): FieldCrypto {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'tmis/field-encryption/v1', 32));
  const macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'tmis/blind-index/v1', 32));
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      if (sealed[0] !== VERSION) throw new Error('unknown ciphertext version');
      const iv = sealed.subarray(1, 13);
      const tag = sealed.subarray(13, 29);
      const decipher = createDecipheriv('aes-256-gcm', encKey, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
    },
    blindIndex(value, context) {
      return createHmac('sha256', macKey).update(context).update('\u0000').update(value).digest();
    },
  };
}
