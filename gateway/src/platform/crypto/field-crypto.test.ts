import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldCrypto } from './field-crypto.js';
import { CRYPTO_PROFILES } from './profile.js';

describe.each(CRYPTO_PROFILES)('field crypto, profile %s', (profile) => {
  const key = randomBytes(32);
  const fc = createFieldCrypto(key, { profile });

  it('round-trips and never repeats a ciphertext', () => {
    const a = fc.encrypt('11010519491231002X');
    const b = fc.encrypt('11010519491231002X');
    expect(a.equals(b)).toBe(false);
    expect(fc.decrypt(a)).toBe('11010519491231002X');
    expect(a.toString('latin1')).not.toContain('110105');
    expect(fc.decrypt(fc.encrypt(''))).toBe('');
    expect(fc.decrypt(fc.encrypt('护照 E1234567 教师'))).toBe('护照 E1234567 教师');
  });

  it('names its algorithm in the first byte', () => {
    expect(fc.encrypt('x')[0]).toBe(profile === 'gm' ? 2 : 1);
    expect(fc.profile).toBe(profile);
  });

  it('seals whole files under their own key', () => {
    const file = Buffer.from('PK\u0003\u0004 教师信息导出 110105194912310025', 'utf8');
    const sealed = fc.sealBytes(file);
    expect(fc.openBytes(sealed).equals(file)).toBe(true);
    expect(sealed.toString('utf8')).not.toContain('110105');
    // A file key is not the field key: a sealed file does not open as a field, nor the reverse.
    expect(() => fc.decrypt(sealed)).toThrow();
    expect(() => fc.openBytes(fc.encrypt('x'))).toThrow();
  });

  it('seals columns deterministically under their own key', () => {
    const a = fc.sealStable('13812345678');
    expect(fc.sealStable('13812345678').equals(a)).toBe(true);
    expect(fc.sealStable('13812345679').equals(a)).toBe(false);
    expect(fc.openStable(a)).toBe('13812345678');
    expect(a.toString('latin1')).not.toContain('138123');
    expect(() => fc.decrypt(a)).toThrow();
    expect(createFieldCrypto(randomBytes(32), { profile }).sealStable('13812345678').equals(a)).toBe(false);
  });

  it.each([
    ['the last byte (tag/body)', (b: Buffer) => { b[b.length - 1]! ^= 1; }],
    ['a nonce byte', (b: Buffer) => { b[5]! ^= 0x40; }],
    ['a tag byte', (b: Buffer) => { b[20]! ^= 0x01; }],
    ['the version byte', (b: Buffer) => { b[0] = 9; }],
  ])('refuses tampering with %s', (_n, tamper) => {
    for (const [seal, open] of [[fc.encrypt, fc.decrypt], [fc.sealStable, fc.openStable]] as const) {
      const a = seal('secret 110105194912310025');
      tamper(a);
      expect(() => open(a)).toThrow();
    }
    const f = fc.sealBytes(Buffer.from('workbook'));
    tamper(f);
    expect(() => fc.openBytes(f)).toThrow();
  });

  it('refuses a truncated ciphertext', () => {
    expect(() => fc.decrypt(fc.encrypt('secret').subarray(0, 20))).toThrow();
    expect(() => fc.decrypt(Buffer.alloc(0))).toThrow();
  });

  it.each([
    ['same value, same context', 'x', 'id', 'x', 'id', true],
    ['other value', 'x', 'id', 'y', 'id', false],
    ['other context', 'x', 'id', 'x', 'passport', false],
  ])('blind index: %s', (_n, v1, c1, v2, c2, equal) => {
    expect(fc.blindIndex(v1, c1).equals(fc.blindIndex(v2, c2))).toBe(equal);
  });

  it('depends on the master key', () => {
    const other = createFieldCrypto(randomBytes(32), { profile });
    expect(other.blindIndex('x', 'id').equals(fc.blindIndex('x', 'id'))).toBe(false);
    expect(() => other.decrypt(fc.encrypt('x'))).toThrow();
  });
});

describe('across profiles', () => {
  const key = randomBytes(32);
  const intl = createFieldCrypto(key, { profile: 'intl' });
  const gm = createFieldCrypto(key, { profile: 'gm' });

  it('the intl profile is the default and seals as before (AES-256-GCM, version 1)', () => {
    expect(createFieldCrypto(key).profile).toBe('intl');
    expect(createFieldCrypto(key).blindIndex('x', 'id').equals(intl.blindIndex('x', 'id'))).toBe(true);
  });

  it('reads the other profile\'s ciphertexts under the same key, by their version byte', () => {
    expect(gm.decrypt(intl.encrypt('110105194912310025'))).toBe('110105194912310025');
    expect(intl.decrypt(gm.encrypt('110105194912310025'))).toBe('110105194912310025');
    expect(gm.openStable(intl.sealStable('13812345678'))).toBe('13812345678');
    expect(gm.openBytes(intl.sealBytes(Buffer.from('f'))).toString()).toBe('f');
  });

  it('blind indexes are the profile\'s own', () => {
    expect(gm.blindIndex('x', 'id').equals(intl.blindIndex('x', 'id'))).toBe(false);
  });

  it('during a migration: seals under the new key and profile, opens both, answers both indexes', () => {
    const newKey = randomBytes(32);
    const migrating = createFieldCrypto(newKey, { profile: 'gm', previous: { masterKey: key, profile: 'intl' } });
    const old = intl.encrypt('110105194912310025');
    expect(migrating.decrypt(old)).toBe('110105194912310025');
    expect(migrating.openStable(intl.sealStable('13812345678'))).toBe('13812345678');
    expect(migrating.isCurrent(old, 'field')).toBe(false);
    const fresh = migrating.encrypt('110105194912310025');
    expect(migrating.isCurrent(fresh, 'field')).toBe(true);
    expect(fresh[0]).toBe(2);
    // Once the old key is dropped, only the new one opens.
    const after = createFieldCrypto(newKey, { profile: 'gm' });
    expect(after.decrypt(fresh)).toBe('110105194912310025');
    expect(() => after.decrypt(old)).toThrow();
    const indexes = migrating.blindIndexes('x', 'id');
    expect(indexes).toHaveLength(2);
    expect(indexes[0]!.equals(after.blindIndex('x', 'id'))).toBe(true);
    expect(indexes[1]!.equals(intl.blindIndex('x', 'id'))).toBe(true);
    expect(after.blindIndexes('x', 'id')).toHaveLength(1);
  });
});
