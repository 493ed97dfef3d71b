import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToPem,
  CertificateError,
  challengeMessage,
  normalizeCertificatePem,
  signChallenge,
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

describe('normalizeCertificatePem', () => {
  it('keeps only the certificate block', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    expect(normalizeCertificatePem(`subject=CN=张三\n${pem}\n`)).toBe(`${pem}\n`);
  });

  it('rejects a private key offered as certificate', () => {
    expect(() => normalizeCertificatePem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toThrow(
      CertificateError,
    );
  });
});
