import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sm3, sm4 } from 'sm-crypto-v2';
import { cryptoProfile, sm2PrivateKeyFromHex, sm2PrivateKeyHex, sm2PublicKeyFromHex, sm2PublicKeyHex, sm2Sign, sm2Verify, SM2_DEFAULT_USER_ID } from './profile.js';

/**
 * The national algorithms against their standards' worked examples: SM3 (GB/T 32905-2016 annex A),
 * SM4 (GB/T 32907-2016 annex A), SM2 signatures (GB/T 32918.2-2016 with the recommended curve of
 * GB/T 32918.5-2017, whose annex works the example below), SM4-GCM (RFC 8998 appendix A.1).
 * SM3/SM4 are Node's OpenSSL, SM2 is sm-crypto-v2 (profile.ts); each is also checked against the
 * other implementation so a change of either is noticed.
 */
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('SM3 (GB/T 32905)', () => {
  it.each([
    ['example 1: "abc"', Buffer.from('abc'), '66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 4167c487 5cf2f7a2 297da02b 8f4ba8e0'],
    ['example 2: 512 bits, "abcd" × 16', Buffer.from('abcd'.repeat(16)), 'debe9ff9 2275b8a1 38604889 c18e5a4d 6fdb70e5 387e5765 293dcba3 9c0c5732'],
  ])('%s', (_n, message, digest) => {
    expect(cryptoProfile('gm').hash(message).toString('hex')).toBe(digest.replace(/ /g, ''));
    expect(sm3(new Uint8Array(message))).toBe(digest.replace(/ /g, ''));
  });

  it('HMAC-SM3 agrees between OpenSSL and sm-crypto-v2', () => {
    const key = hex('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
    for (const msg of ['', 'abc', '教师证件号码 110105194912310025'.repeat(9)]) {
      expect(cryptoProfile('gm').hmac(key, msg).toString('hex')).toBe(sm3(msg, { mode: 'hmac', key: new Uint8Array(key) }));
    }
  });
});

describe('SM4 (GB/T 32907)', () => {
  const key = hex('01234567 89abcdef fedcba98 76543210');
  const ecb = (k: Buffer) => {
    const c = createCipheriv('sm4-ecb', k, null);
    c.setAutoPadding(false);
    return c;
  };

  it('example 1: one block', () => {
    expect(ecb(key).update(key).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    const d = createDecipheriv('sm4-ecb', key, null);
    d.setAutoPadding(false);
    expect(d.update(hex('681edf34d206965e86b3e94f536e4246')).equals(key)).toBe(true);
    expect(sm4.encrypt(new Uint8Array(key), new Uint8Array(key), { padding: 'none', output: 'string' })).toBe('681edf34d206965e86b3e94f536e4246');
  });

  // Measured at about 1.6 s on the shared CI machine.
  it('example 2: the same block encrypted 1,000,000 times', () => {
    const c = ecb(key);
    let block = Buffer.from(key);
    for (let i = 0; i < 1_000_000; i++) block = c.update(block);
    expect(block.toString('hex')).toBe('595298c7c6fd271f0402f804c33d3f66');
  }, 20_000);

  it('SM4-GCM: RFC 8998 A.1, and sm-crypto-v2 agrees', () => {
    const iv = hex('00001234567800000000ABCD');
    const aad = hex('FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2');
    const plain = hex('AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA');
    const c = createCipheriv('sm4-gcm', key, iv);
    c.setAAD(aad);
    const body = Buffer.concat([c.update(plain), c.final()]);
    expect(body.toString('hex').toUpperCase()).toBe('17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D');
    expect(c.getAuthTag().toString('hex').toUpperCase()).toBe('83DE3541E4C2B58177E065A9BF7B62EC');
    const other = sm4.encrypt(new Uint8Array(plain), new Uint8Array(key), { mode: 'gcm', iv: new Uint8Array(iv), associatedData: new Uint8Array(aad), output: 'array', outputTag: true });
    expect(Buffer.from(other.output).equals(body)).toBe(true);
    expect(Buffer.from(other.tag!).toString('hex').toUpperCase()).toBe('83DE3541E4C2B58177E065A9BF7B62EC');
  });
});

describe('SM2 signature (GB/T 32918)', () => {
  // GB/T 32918.5-2017 annex A / GM/T 0003.5-2012: recommended curve, ID_A = 1234567812345678.
  const v = {
    d: '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8',
    P: '04' + '09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020' + 'CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13',
    k: '59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21',
    r: 'F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3',
    s: 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA',
    message: 'message digest',
  };
  const published = hex(v.r + v.s);
  /** DER SEQUENCE { INTEGER r, INTEGER s } of 32-byte values (a leading 00 when the top bit is set). */
  const der = (r: Buffer, s: Buffer) => {
    const int = (x: Buffer) => (x[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), x]) : x);
    const body = Buffer.concat([Buffer.from([2, int(r).length]), int(r), Buffer.from([2, int(s).length]), int(s)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);
  };

  it('the example key pair: the public key is d·G', () => {
    expect(sm2PublicKeyHex(sm2PrivateKeyFromHex(v.d))).toBe(v.P.toLowerCase());
    expect(sm2PrivateKeyHex(sm2PrivateKeyFromHex(v.d))).toBe(v.d.toLowerCase());
  });

  it('signing with the example k gives the published (r, s)', () => {
    expect(sm2Sign(v.d, v.message, { k: v.k, der: false }).toString('hex').toUpperCase()).toBe(v.r + v.s);
    expect(sm2Sign(v.d, v.message, { k: v.k }).equals(der(hex(v.r), hex(v.s)))).toBe(true);
  });

  it.each([
    ['the published signature, r‖s', v.message, published, SM2_DEFAULT_USER_ID, true],
    ['the published signature, DER', v.message, der(hex(v.r), hex(v.s)), SM2_DEFAULT_USER_ID, true],
    ['another message', 'message digesT', published, SM2_DEFAULT_USER_ID, false],
    ['another signer identity', v.message, published, 'ALICE123@YAHOO.COM', false],
    ['s changed', v.message, hex(v.r + v.s.slice(0, -1) + 'B'), SM2_DEFAULT_USER_ID, false],
    ['garbage', v.message, Buffer.from('not a signature'), SM2_DEFAULT_USER_ID, false],
  ])('verifies %s: %s', (_n, message, sig, userId, ok) => {
    expect(sm2Verify(v.P, message, sig, { userId })).toBe(ok);
    if (userId === SM2_DEFAULT_USER_ID) expect(cryptoProfile('gm').verify(sm2PublicKeyFromHex(v.P), message, sig)).toBe(ok);
  });

  it('fresh signatures round-trip through the profile, with fresh randomness', () => {
    const gm = cryptoProfile('gm');
    const { publicKey, privateKey } = gm.generateSigningKeyPair();
    const a = gm.sign(privateKey, 'checkpoint 42');
    const b = gm.sign(privateKey, 'checkpoint 42');
    expect(a.equals(b)).toBe(false);
    expect(gm.verify(publicKey, 'checkpoint 42', a)).toBe(true);
    expect(gm.verify(publicKey, 'checkpoint 43', a)).toBe(false);
    expect(gm.verify(gm.generateSigningKeyPair().publicKey, 'checkpoint 42', a)).toBe(false);
    // A P-256 key is refused rather than signed with the wrong algorithm.
    expect(() => gm.verify(cryptoProfile('intl').generateSigningKeyPair().publicKey, 'x', a)).toThrow(/SM2 key/);
  });

  it('Node signs an SM2-curve key with ECDSA, which is not SM2 (why sm-crypto-v2 signs)', () => {
    const gm = cryptoProfile('gm');
    const { publicKey, privateKey } = gm.generateSigningKeyPair();
    const ecdsa = cryptoProfile('intl').sign(privateKey, 'x');
    expect(gm.verify(publicKey, 'x', ecdsa)).toBe(false);
    expect(createHash('sm3').update('x').digest().length).toBe(32);
  });
});

describe('intl profile', () => {
  it('signs with ECDSA P-256 and hashes with SHA-256', () => {
    const intl = cryptoProfile('intl');
    const { publicKey, privateKey } = intl.generateSigningKeyPair();
    expect(intl.verify(publicKey, 'x', intl.sign(privateKey, 'x'))).toBe(true);
    expect(intl.verify(publicKey, 'y', intl.sign(privateKey, 'x'))).toBe(false);
    expect(intl.hash('abc').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
