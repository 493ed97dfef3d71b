import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldCrypto } from './field-crypto.js';

describe('field crypto', () => {
  const fc = createFieldCrypto(randomBytes(32));

  it('round-trips and never repeats a ciphertext', () => {
    const a = fc.encrypt('11010519491231002X');
    const b = fc.encrypt('11010519491231002X');
    expect(a.equals(b)).toBe(false);
    expect(fc.decrypt(a)).toBe('11010519491231002X');
    expect(a.toString('latin1')).not.toContain('110105');
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
    expect(createFieldCrypto(randomBytes(32)).sealStable('13812345678').equals(a)).toBe(false);
  });

  it('detects tampering', () => {
    const a = fc.encrypt('secret');
    a[a.length - 1] ^= 1;
    expect(() => fc.decrypt(a)).toThrow();
  });

  it.each([
    ['same value, same context', 'x', 'id', 'x', 'id', true],
    ['other value', 'x', 'id', 'y', 'id', false],
    ['other context', 'x', 'id', 'x', 'passport', false],
  ])('blind index: %s', (_n, v1, c1, v2, c2, equal) => {
    expect(fc.blindIndex(v1, c1).equals(fc.blindIndex(v2, c2))).toBe(equal);
  });

  it('depends on the master key', () => {
    const other = createFieldCrypto(randomBytes(32));
    expect(other.blindIndex('x', 'id').equals(fc.blindIndex('x', 'id'))).toBe(false);
  });
});
