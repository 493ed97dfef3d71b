import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  bytesToPem,
  CertificateError,
  challengeMessage,
  normalizeCertificatePem,
  parsePrivateKey,
  signChallenge,
  SM2_DEFAULT_USER_ID,
} from './certificate';

const challenge = { id: 'c0ffee-42', nonce: 'bm9uY2UtZnJvbS1zZXJ2ZXI' };

async function keyPair() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', pair.privateKey);
  return { publicKey: pair.publicKey, privateKeyPem: bytesToPem(pkcs8, 'PRIVATE KEY') };
}

describe('signChallenge', () => {
  it('signs TMIS-LOGIN|id|nonce so that the public key verifies it', async () => {
    const { publicKey, privateKeyPem } = await keyPair();

    const signature = base64ToBytes(await signChallenge(privateKeyPem, challenge));

    expect(signature.byteLength).toBe(64); // raw r||s, not DER
    const data = new TextEncoder().encode(`TMIS-LOGIN|${challenge.id}|${challenge.nonce}`);
    const ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, data);
    expect(ok).toBe(true);
  });

  it('does not verify for another challenge', async () => {
    const { publicKey, privateKeyPem } = await keyPair();
    const signature = base64ToBytes(await signChallenge(privateKeyPem, challenge));
    const other = new TextEncoder().encode(challengeMessage({ ...challenge, nonce: 'other' }));
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, other)).toBe(false);
  });

  it('accepts a PEM with surrounding text and CRLF line ends', async () => {
    const { privateKeyPem } = await keyPair();
    const noisy = `Key for 张三\r\n${privateKeyPem.replace(/\n/g, '\r\n')}`;
    await expect(signChallenge(noisy, challenge)).resolves.toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it.each([
    ['a SEC1 key', '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----', 'KEY_FORMAT'],
    ['no PEM at all', 'not a key', 'KEY_FORMAT'],
    ['garbage inside a PKCS#8 block', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', 'KEY_IMPORT'],
  ])('rejects %s', async (_name, pem, code) => {
    await expect(signChallenge(pem, challenge)).rejects.toMatchObject({ name: 'CertificateError', code });
  });
});

// An SM2 key made by OpenSSL 3.0 (`openssl genpkey -algorithm SM2`): id-ecPublicKey with the SM2
// curve in the AlgorithmIdentifier and no curve inside the ECPrivateKey. Test data only.
const OPENSSL_SM2_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQgAeLtETakpTknKqf/
ZBBCt0PIBUKpJTku6fUIgkagVz6hRANCAAS1Bi4thkbiF+xRaUND9drNMQsapTRv
SJvYPRsDrgQ704IXiy5rHMesVxuSlcs7T2GVRD4cef/lDU8ZEz2DYVU0
-----END PRIVATE KEY-----
`;

const pkcs8Pem = (key: KeyObject) => key.export({ format: 'pem', type: 'pkcs8' }) as string;
/** The same SM2 key as some national-algorithm tools write it: the SM2 OID itself as the algorithm. */
function withSm2Algorithm(pem: string): string {
  const der = Buffer.from(base64ToBytes(pem.replace(/-----[A-Z ]+-----|\s+/g, '')));
  const ecKey = der.subarray(der.indexOf(Buffer.from('046d', 'hex')));
  const algorithm = Buffer.from('300a06082a811ccf5501822d', 'hex');
  const body = Buffer.concat([Buffer.from('020100', 'hex'), algorithm, ecKey]);
  return bytesToPem(new Uint8Array(Buffer.concat([Buffer.from([0x30, body.length]), body])).buffer, 'PRIVATE KEY');
}

/**
 * Verifies as the gateway does (platform/crypto/profile.ts sm2Verify): the public point from
 * the SubjectPublicKeyInfo, SM3 over Z_A ‖ M, DER unless the signature is 64 bytes of r‖s.
 */
function gatewayVerifiesSm2(keyPem: string, message: string, signatureB64: string, userId = SM2_DEFAULT_USER_ID): boolean {
  const spki = createPublicKey(createPrivateKey(keyPem)).export({ format: 'der', type: 'spki' });
  const point = spki.subarray(spki.length - 65).toString('hex');
  const signature = Buffer.from(signatureB64, 'base64');
  return sm2.doVerifySignature(new TextEncoder().encode(message), signature.toString('hex'), point, { hash: true, der: signature.length !== 64, userId });
}

describe('SM2 keys (TMIS_CRYPTO=gm)', () => {
  const message = challengeMessage(challenge);

  it.each([
    ['made by Node (the demo CA)', () => pkcs8Pem(generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey)],
    ['made by OpenSSL 3.0', () => OPENSSL_SM2_KEY],
  ])('a key %s signs SM2-with-SM3 with the default user id, DER-encoded', async (_name, makeKey) => {
    const keyPem = makeKey();
    expect(parsePrivateKey(keyPem).algorithm).toBe('sm2');
    const signature = await signChallenge(keyPem, challenge);
    const der = base64ToBytes(signature);
    expect(der[0]).toBe(0x30); // SEQUENCE { r, s }
    expect(gatewayVerifiesSm2(keyPem, message, signature)).toBe(true);
    // Under another user id (a different Z_A) or for another challenge it does not verify.
    expect(gatewayVerifiesSm2(keyPem, message, signature, '1234567812345679')).toBe(false);
    expect(gatewayVerifiesSm2(keyPem, challengeMessage({ ...challenge, nonce: 'other' }), signature)).toBe(false);
  });

  it('its r‖s form verifies too, and each signature draws a fresh k', async () => {
    const keyPem = OPENSSL_SM2_KEY;
    const a = await signChallenge(keyPem, challenge);
    const b = await signChallenge(keyPem, challenge);
    expect(a).not.toBe(b);
    // DER → 64-byte r‖s, the other form the gateway accepts (a USB key may return either).
    const raw = sm2.hexToArray(sm2Raw(Buffer.from(a, 'base64').toString('hex')));
    expect(raw.length).toBe(64);
    expect(gatewayVerifiesSm2(keyPem, message, bytesToBase64(raw))).toBe(true);
  });

  it('reads a key whose algorithm is the SM2 OID itself', async () => {
    const keyPem = withSm2Algorithm(pkcs8Pem(generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey));
    expect(parsePrivateKey(keyPem).algorithm).toBe('sm2');
    // Node cannot read that form; the signature is checked with the scalar's point instead.
    const signature = await signChallenge(keyPem, challenge);
    const d = parsePrivateKey(keyPem).privateHex!;
    const point = sm2.getPublicKeyFromPrivateKey(d);
    expect(sm2.doVerifySignature(new TextEncoder().encode(message), Buffer.from(signature, 'base64').toString('hex'), point, { hash: true, der: true })).toBe(true);
  });
});

/** r‖s (64 bytes, hex) from a DER ECDSA-style signature SEQUENCE { INTEGER r, INTEGER s }. */
function sm2Raw(derHex: string): string {
  const bytes = Buffer.from(derHex, 'hex');
  let at = 2;
  const ints: string[] = [];
  for (let i = 0; i < 2; i++) {
    const length = bytes[at + 1]!;
    ints.push(bytes.subarray(at + 2, at + 2 + length).toString('hex').replace(/^(00)+/, '').padStart(64, '0'));
    at += 2 + length;
  }
  return ints.join('');
}

describe('key types', () => {
  const unsupported = (type: string) => ({ name: 'CertificateError', code: 'KEY_UNSUPPORTED', keyType: type });
  it.each([
    ['ECDSA P-256', () => pkcs8Pem(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey), 'p256'],
    ['SM2', () => pkcs8Pem(generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey), 'sm2'],
    ['ECDSA P-384', () => pkcs8Pem(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey), unsupported('ECDSA P-384')],
    ['secp256k1', () => pkcs8Pem(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey), unsupported('ECDSA secp256k1')],
    ['brainpoolP256r1', () => pkcs8Pem(generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' }).privateKey), unsupported('EC 1.3.36.3.3.2.8.1.1.7')],
    ['RSA 2048', () => pkcs8Pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey), unsupported('RSA')],
    ['Ed25519', () => pkcs8Pem(generateKeyPairSync('ed25519').privateKey), unsupported('Ed25519')],
    ['an encrypted PKCS#8 key', () => generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'x' }) as string, { code: 'KEY_FORMAT' }],
    ['a SEC1 key', () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'pem', type: 'sec1' }) as string, { code: 'KEY_FORMAT' }],
    ['a certificate offered as key', () => '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', { code: 'KEY_FORMAT' }],
    ['a truncated PKCS#8', () => OPENSSL_SM2_KEY.replace(/\n[^\n]*\n-----END/, '\n-----END'), { code: 'KEY_IMPORT' }],
  ])('%s', async (_name, makeKey, expected) => {
    const keyPem = makeKey();
    if (typeof expected === 'string') {
      expect(parsePrivateKey(keyPem).algorithm).toBe(expected);
      await expect(signChallenge(keyPem, challenge)).resolves.toMatch(/^[A-Za-z0-9+/]+=*$/);
    } else {
      expect(() => parsePrivateKey(keyPem)).toThrow(CertificateError);
      await expect(signChallenge(keyPem, challenge)).rejects.toMatchObject(expected);
    }
  });
});

describe('normalizeCertificatePem', () => {
  const leaf = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
  const intermediate = '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----';

  it('keeps only the certificate block', () => {
    expect(normalizeCertificatePem(`subject=CN=张三\n${leaf}\n`)).toBe(`${leaf}\n`);
  });

  it('keeps the chain the file carries, in order, without the text around it', () => {
    const file = `subject=CN=张三\r\n${leaf}\r\nissuer=CN=TMIS Demo Education SM2 Issuing CA\r\n${intermediate}\r\n`;
    expect(normalizeCertificatePem(file)).toBe(`${leaf}\n${intermediate}\n`);
  });

  it('rejects a file whose first block is a key', () => {
    expect(() => normalizeCertificatePem(`-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n${leaf}`)).toThrow(CertificateError);
  });

  it('rejects a private key offered as certificate', () => {
    expect(() => normalizeCertificatePem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toThrow(
      CertificateError,
    );
  });
});
