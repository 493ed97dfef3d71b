import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, type CipherGCMTypes } from 'node:crypto';
import { cryptoProfile, type CryptoProfileName } from './profile.js';

/**
 * Encryption at rest for personal identifiers (document numbers). An AEAD with a random nonce per
 * value; a separate HMAC key gives a deterministic "blind index" for exact lookups and the
 * duplicate check without ever storing the number in clear. All keys are derived from the one
 * master key so operators manage a single secret.
 *
 * The profile (TMIS_CRYPTO) picks the algorithms: `intl` AES-256-GCM, HKDF/HMAC-SHA256; `gm`
 * SM4-GCM, HKDF/HMAC-SM3. A ciphertext's first byte names the algorithm that sealed it, so both
 * profiles' ciphertexts stay readable after a switch (under the same master key); blind indexes are the profile's own and
 * must be rebuilt on a switch (crypto-migration.ts). During such a migration, or a rotation of
 * the master key, the previous key/profile is given as `previous`: it still opens what it sealed
 * and `blindIndexes` answers both indexes, while everything new is sealed under the current one.
 */
export interface FieldCrypto {
  /** The profile new ciphertexts and blind indexes are made under. */
  readonly profile: CryptoProfileName;
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
  /** The blind indexes a stored row may carry: the current one, and the previous key's during a migration. */
  blindIndexes(value: string, context: string): Buffer[];
  /** Whether a value was sealed by the current key and algorithm (a migration skips those). */
  isCurrent(sealed: Buffer, kind: SealKind): boolean;
}

export type SealKind = 'field' | 'file' | 'stable';

export interface FieldCryptoOptions {
  /** Default `intl` (today's ciphertexts). */
  profile?: CryptoProfileName;
  /** The key and profile being migrated away from: still readable, never written. */
  previous?: { masterKey: Buffer; profile: CryptoProfileName };
}

/** Version byte → AEAD. 1 has been AES-256-GCM since the first release. */
const ALGORITHMS = {
  1: { cipher: 'aes-256-gcm', keyLength: 32, profile: 'intl' },
  2: { cipher: 'sm4-gcm', keyLength: 16, profile: 'gm' },
} as const satisfies Record<number, { cipher: string; keyLength: number; profile: CryptoProfileName }>;
type Version = keyof typeof ALGORITHMS;
const VERSION_OF: Record<CryptoProfileName, Version> = { intl: 1, gm: 2 };
const HEADER = 1 + 12 + 16;

interface KeySet {
  version: Version;
  field: Buffer;
  file: Buffer;
  stable: Buffer;
  nonce: Buffer;
  mac: Buffer;
  hmac(key: Buffer, data: Buffer | string): Buffer;
}

function deriveKeys(masterKey: Buffer, profileName: CryptoProfileName): KeySet {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  const profile = cryptoProfile(profileName);
  const version = VERSION_OF[profileName];
  const { keyLength } = ALGORITHMS[version];
  // intl keeps the labels of the first release (its ciphertexts and indexes must not change); gm has its own.
  const label = (name: string) => (profileName === 'intl' ? `tmis/${name}/v1` : `tmis/gm/${name}/v1`);
  const derive = (name: string, length: number) => Buffer.from(hkdfSync(profile.digest, masterKey, Buffer.alloc(0), label(name), length));
  return {
    version,
    field: derive('field-encryption', keyLength),
    file: derive('file-encryption', keyLength),
    stable: derive('stable-field-encryption', keyLength),
    nonce: derive('stable-field-nonce', 32),
    mac: derive('blind-index', 32),
    hmac: profile.hmac,
  };
}

function seal(keys: KeySet, kind: SealKind, plain: Buffer, iv: Buffer = randomBytes(12)): Buffer {
  const cipher = createCipheriv(ALGORITHMS[keys.version].cipher as CipherGCMTypes, keys[kind], iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.from([keys.version]), iv, cipher.getAuthTag(), body]);
}

function tryOpen(keys: KeySet, kind: SealKind, sealed: Buffer): Buffer | undefined {
  if (sealed.length < HEADER || sealed[0] !== keys.version) return undefined;
  try {
    const decipher = createDecipheriv(ALGORITHMS[keys.version].cipher as CipherGCMTypes, keys[kind], sealed.subarray(1, 13));
    decipher.setAuthTag(sealed.subarray(13, HEADER));
    return Buffer.concat([decipher.update(sealed.subarray(HEADER)), decipher.final()]);
  } catch {
    return undefined;
  }
}

const index = (keys: KeySet, value: string, context: string) => keys.hmac(keys.mac, Buffer.concat([Buffer.from(context, 'utf8'), Buffer.from([0]), Buffer.from(value, 'utf8')]));

export function createFieldCrypto(masterKey: Buffer, opts: FieldCryptoOptions = {}): FieldCrypto {
  const profile = opts.profile ?? 'intl';
  const current = deriveKeys(masterKey, profile);
  const previousKey = opts.previous?.masterKey;
  const previous = opts.previous && !(opts.previous.masterKey.equals(masterKey) && opts.previous.profile === profile)
    ? deriveKeys(opts.previous.masterKey, opts.previous.profile) : undefined;
  // Every master key in use opens both algorithms (keys derived on first need): a ciphertext's
  // version byte, not the configured profile, decides how it is opened.
  const derived = new Map<string, KeySet>();
  const keysOf = (master: Buffer, version: Version): KeySet => {
    const id = `${master.toString('hex')}/${version}`;
    let keys = derived.get(id);
    if (!keys) derived.set(id, (keys = deriveKeys(master, ALGORITHMS[version].profile)));
    return keys;
  };
  const masters = previousKey && !previousKey.equals(masterKey) ? [masterKey, previousKey] : [masterKey];

  const open = (kind: SealKind, sealed: Buffer): Buffer => {
    const version = sealed[0] as Version;
    if (!(version in ALGORITHMS)) throw new Error('unknown ciphertext version');
    for (const master of masters) {
      const plain = tryOpen(keysOf(master, version), kind, sealed);
      if (plain) return plain;
    }
    throw new Error('ciphertext does not open: tampered, or sealed under another key');
  };
  return {
    profile,
    encrypt: (plain) => seal(current, 'field', Buffer.from(plain, 'utf8')),
    decrypt: (sealed) => open('field', sealed).toString('utf8'),
    sealBytes: (plain) => seal(current, 'file', plain),
    openBytes: (sealed) => open('file', sealed),
    sealStable(plain) {
      const body = Buffer.from(plain, 'utf8');
      return seal(current, 'stable', body, current.hmac(current.nonce, body).subarray(0, 12));
    },
    openStable: (sealed) => open('stable', sealed).toString('utf8'),
    blindIndex: (value, context) => index(current, value, context),
    blindIndexes: (value, context) => [index(current, value, context), ...(previous ? [index(previous, value, context)] : [])],
    isCurrent: (sealed, kind) => tryOpen(current, kind, sealed) !== undefined,
  };
}
