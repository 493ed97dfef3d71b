import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { createTestCa, issueServerCertificate, tlsTestDir, type PemPair, type TestCa } from '../testing/tls-certs.js';

/** Issue 15.5: the TLS settings are checked at start-up, each mistake named (Chinese and English). */
const HEX = 'ab'.repeat(32);
const dir = tlsTestDir();
const base = { TMIS_ENV: 'test', TMIS_SECRET_KEY: HEX, TMIS_DATA_DIR: dir };
const province = { TMIS_SYNC_KEY: HEX, TMIS_REGISTRY_KEY: HEX };
const production = { TMIS_ENV: 'production', TMIS_DATA_DIR: dir, TMIS_SECRET_KEY: HEX, TMIS_CA_CERTS: '/etc/tmis/education-ca.crt.pem', TMIS_CRYPTO: 'intl' };

let ca: TestCa;
let server: PemPair;
let other: PemPair;
let expired: PemPair;
let notPem: string;

beforeAll(async () => {
  ca = await createTestCa(dir);
  [server, other, expired] = [await issueServerCertificate(ca, dir, 'server'), await issueServerCertificate(ca, dir, 'other'), await issueServerCertificate(ca, dir, 'expired', { validDays: -1 })];
  notPem = join(dir, 'not.pem');
  writeFileSync(notPem, 'not a certificate\n');
});

const refused = (env: Record<string, string>, message: RegExp): void => {
  const run = (): unknown => loadConfig({ ...base, ...env });
  expect(run).toThrow(ConfigError);
  expect(run).toThrow(message);
};

describe('gateway HTTPS (TMIS_TLS_CERT / TMIS_TLS_KEY / TMIS_TLS_CA)', () => {
  it('is off without them, on with a matching pair (the chain appended to what clients get)', () => {
    expect(loadConfig(base).tls).toBeUndefined();
    const c = loadConfig({ ...base, TMIS_TLS_CERT: server.certFile, TMIS_TLS_KEY: server.keyFile });
    expect(c.tls).toMatchObject({ certFile: server.certFile, fingerprint256: server.fingerprint256 });
    expect(c.tls!.cert.toString()).toBe(server.certPem);
    const chained = loadConfig({ ...base, TMIS_TLS_CERT: server.certFile, TMIS_TLS_KEY: server.keyFile, TMIS_TLS_CA: ca.certFile });
    expect(chained.tls!.cert.toString()).toContain(server.certPem);
    expect(chained.tls!.cert.toString()).toContain(ca.certPem);
  });

  it('refuses each mistake with a message naming it', () => {
    refused({ TMIS_TLS_CERT: 'x' }, /TMIS_TLS_CERT and TMIS_TLS_KEY must be set together.*须同时设置/);
    refused({ TMIS_TLS_KEY: server.keyFile }, /must be set together/);
    refused({ TMIS_TLS_CA: ca.certFile }, /TMIS_TLS_CA needs TMIS_TLS_CERT/);
    refused({ TMIS_TLS_CERT: join(dir, 'missing.crt.pem'), TMIS_TLS_KEY: server.keyFile }, /TMIS_TLS_CERT: cannot read .*missing\.crt\.pem \(ENOENT\).*无法读取/);
    refused({ TMIS_TLS_CERT: server.certFile, TMIS_TLS_KEY: dir }, /TMIS_TLS_KEY: cannot read .*\(EISDIR\)/);
    refused({ TMIS_TLS_CERT: notPem, TMIS_TLS_KEY: server.keyFile }, /TMIS_TLS_CERT: .* is not a PEM certificate file.*不是 PEM 格式的证书/);
    refused({ TMIS_TLS_CERT: server.certFile, TMIS_TLS_KEY: server.certFile }, /TMIS_TLS_KEY: .* is not an unencrypted PEM private key/);
    refused({ TMIS_TLS_CERT: server.certFile, TMIS_TLS_KEY: other.keyFile }, /is not the key of the certificate in TMIS_TLS_CERT.*私钥与 TMIS_TLS_CERT 证书不匹配/);
    refused({ TMIS_TLS_CERT: expired.certFile, TMIS_TLS_KEY: expired.keyFile }, /TMIS_TLS_CERT .* expired on .*已于.*过期/);
    refused({ TMIS_TLS_CERT: server.certFile, TMIS_TLS_KEY: server.keyFile, TMIS_TLS_CA: notPem }, /TMIS_TLS_CA: .* is not a PEM certificate file/);
  });
});

describe('the national channel (TMIS_NATIONAL_CERT_PIN / TMIS_NATIONAL_CA)', () => {
  const https = { ...province, TMIS_NATIONAL_URL: 'https://national.example.cn:8443' };

  it('normalises pins to the fingerprint256 form, several for a rotation, and reads the CA', () => {
    const lower = server.fingerprint256.replace(/:/g, '').toLowerCase();
    const c = loadConfig({ ...base, ...https, TMIS_NATIONAL_CERT_PIN: ` ${lower} , ${other.fingerprint256}`, TMIS_NATIONAL_CA: ca.certFile });
    expect(c.nationalTls!.pins).toEqual([server.fingerprint256, other.fingerprint256]);
    expect(c.nationalTls!.ca!.toString()).toBe(ca.certPem);
    expect(loadConfig({ ...base, ...https }).nationalTls).toBeUndefined();
  });

  it('refuses a malformed pin, pins or a CA without an https:// national URL, and an unreadable CA', () => {
    refused({ ...https, TMIS_NATIONAL_CERT_PIN: 'AB:CD' }, /TMIS_NATIONAL_CERT_PIN: "AB:CD" is not a SHA-256 certificate fingerprint.*SHA-256 指纹/);
    refused({ ...https, TMIS_NATIONAL_CERT_PIN: `${server.fingerprint256},sha256/${'A'.repeat(43)}=` }, /is not a SHA-256 certificate fingerprint/);
    refused({ ...province, TMIS_NATIONAL_URL: 'http://national:4000', TMIS_NATIONAL_CERT_PIN: server.fingerprint256 }, /need an https:\/\/ TMIS_NATIONAL_URL/);
    refused({ TMIS_NATIONAL_CERT_PIN: server.fingerprint256 }, /are for a province with TMIS_NATIONAL_URL/);
    refused({ TMIS_MODE: 'national', TMIS_NATIONAL_CA: ca.certFile }, /are for a province with TMIS_NATIONAL_URL/);
    refused({ ...https, TMIS_NATIONAL_CA: join(dir, 'nope.pem') }, /TMIS_NATIONAL_CA: cannot read/);
    refused({ ...https, TMIS_NATIONAL_CA: notPem }, /TMIS_NATIONAL_CA: .* is not a PEM certificate file/);
  });

  it('in production, refuses a plain-http national URL unless it is a loopback address', () => {
    const load = (url: string): unknown => loadConfig({ ...production, ...province, TMIS_NATIONAL_URL: url });
    for (const url of ['http://national.example.cn:4000', 'http://10.0.0.8', 'http://127.example.cn']) {
      expect(() => load(url)).toThrow(/TMIS_NATIONAL_URL must be https:\/\/ in production.*须为 https:\/\//);
    }
    for (const url of ['http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000', 'https://national.example.cn']) {
      expect(load(url)).toMatchObject({ env: 'production', nationalUrl: url });
    }
    // Outside production plain http stays allowed (development, the two-level demo).
    expect(loadConfig({ ...base, ...province, TMIS_NATIONAL_URL: 'http://national:4000' }).nationalUrl).toBe('http://national:4000');
  });
});
