import { createServer, type Server } from 'node:https';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nationalTransport, SYNC_TLS_PIN_MISMATCH, SYNC_TLS_UNTRUSTED } from './national-transport.js';
import { TLS_CIPHERS, TLS_MIN_VERSION } from '../config.js';
import { createTestCa, issueServerCertificate, tlsTestDir, type PemPair, type TestCa } from '../../testing/tls-certs.js';

/**
 * Issue 15.5: the province's client for the national system over real TLS. A certificate that is
 * not pinned is refused in the handshake even when its CA is trusted, and the national server
 * never sees the request; a certificate of an untrusted CA is refused with its own code.
 */
const dir = tlsTestDir();
let ca: TestCa;
let national: PemPair;
let sibling: PemPair;
let server: Server;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
  ca = await createTestCa(dir);
  national = await issueServerCertificate(ca, dir, 'national');
  // Same CA, so its chain verifies: only the pin tells it apart (as a mis-issued publicly trusted certificate would be).
  sibling = await issueServerCertificate(ca, dir, 'sibling');
  server = createServer({ cert: national.certPem, key: national.keyPem, minVersion: TLS_MIN_VERSION, ciphers: TLS_CIPHERS }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push(`${req.url} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, got: body }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

const post = (tls: Parameters<typeof nationalTransport>[1], url = base) =>
  nationalTransport(url, tls).post('/sync/pull', { 'content-type': 'application/json' }, '{"province":"330000"}', 5000);

describe('the national transport over https://', () => {
  it('goes through with the pinned certificate, and with either of two pins (rotation)', async () => {
    const before = seen.length;
    expect(await post({ pins: [national.fingerprint256], ca: Buffer.from(ca.certPem) })).toEqual({ status: 200, text: JSON.stringify({ ok: true, got: '{"province":"330000"}' }) });
    expect((await post({ pins: [sibling.fingerprint256, national.fingerprint256], ca: Buffer.from(ca.certPem) })).status).toBe(200);
    // No pin: the CA's word (and the host name) is enough.
    expect((await post({ pins: [], ca: Buffer.from(ca.certPem) })).status).toBe(200);
    expect(seen.slice(before)).toEqual(Array(3).fill('/sync/pull {"province":"330000"}'));
  });

  it('refuses a trusted certificate that is not pinned with SYNC_TLS_PIN_MISMATCH, before sending anything', async () => {
    const before = seen.length;
    const refused = post({ pins: [sibling.fingerprint256], ca: Buffer.from(ca.certPem) });
    await expect(refused).rejects.toMatchObject({ code: SYNC_TLS_PIN_MISMATCH });
    await expect(refused).rejects.toThrow(new RegExp(`^SYNC_TLS_PIN_MISMATCH: 国家系统服务器证书的指纹（${national.fingerprint256}）与 TMIS_NATIONAL_CERT_PIN 不符`));
    expect(seen.length).toBe(before);
  });

  it('refuses a certificate of a CA it does not trust with SYNC_TLS_UNTRUSTED, pin or not', async () => {
    const before = seen.length;
    const other = await createTestCa(dir, 'other-ca');
    await expect(post(undefined)).rejects.toMatchObject({ code: SYNC_TLS_UNTRUSTED, message: expect.stringContaining('UNABLE_TO_VERIFY_LEAF_SIGNATURE') });
    await expect(post({ pins: [national.fingerprint256], ca: Buffer.from(other.certPem) })).rejects.toMatchObject({ code: SYNC_TLS_UNTRUSTED });
    expect(seen.length).toBe(before);
  });

  it('checks the host name before the pin: a pinned certificate for another name is refused', async () => {
    const elsewhere = await issueServerCertificate(ca, dir, 'elsewhere', { dns: ['national.example.cn'], ips: [] });
    let hits = 0;
    const s = createServer({ cert: elsewhere.certPem, key: elsewhere.keyPem }, (_req, res) => { hits++; res.end('{}'); });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    try {
      const url = `https://127.0.0.1:${(s.address() as AddressInfo).port}`;
      await expect(post({ pins: [elsewhere.fingerprint256], ca: Buffer.from(ca.certPem) }, url)).rejects.toMatchObject({ code: SYNC_TLS_UNTRUSTED, message: expect.stringContaining('ERR_TLS_CERT_ALTNAME_INVALID') });
      expect(hits).toBe(0);
    } finally {
      await new Promise<void>((r) => s.close(() => r()));
    }
  });
});

describe('the national transport over http:// (development, loopback)', () => {
  it('posts and reads the answer; an unreachable server is said so', async () => {
    const plain = createHttpServer((req, res) => { res.writeHead(201).end(`${req.method} ${req.headers['content-length']}`); });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    expect(await nationalTransport(url).post('/x', {}, 'four', 5000)).toEqual({ status: 201, text: 'POST 4' });
    await new Promise<void>((r) => plain.close(() => r()));
    await expect(nationalTransport(url).post('/x', {}, '', 5000)).rejects.toThrow(/^national system unreachable: connect ECONNREFUSED/);
  });
});
