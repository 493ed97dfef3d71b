import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoCertificates } from './demo-ca.js';
import { createCertificateVerifier, verifyChallengeSignature } from './certificate-verifier.js';
import { challengeSigningInput, newChallengeNonce, signChallenge } from './challenge.js';

const people = [
  { username: 'nm-info', realName: '沙日娜', unitName: '内蒙古自治区教育厅' },
  { username: 'cfgy-info', realName: '刘小杰', unitName: '赤峰工业职业技术学院' },
];
const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tmis-certs-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('ensureDemoCertificates', () => {
  it('creates CA and per-person files that verify and sign', async () => {
    const dir = await tempDir();
    const fps = await ensureDemoCertificates(join(dir, 'nested'), people);
    expect(Object.keys(fps)).toEqual(['nm-info', 'cfgy-info']);

    const read = (name: string) => readFile(join(dir, 'nested', name), 'utf8');
    const verifier = createCertificateVerifier({ caCertPems: [await read('ca.crt.pem')] });
    for (const { username } of people) {
      const certPem = await read(`${username}.crt.pem`);
      const keyPem = await read(`${username}.key.pem`);
      expect(verifier.verifyClientCertificate(certPem)).toMatchObject({ ok: true, fingerprint256: fps[username] });
      const data = challengeSigningInput('c', newChallengeNonce());
      expect(verifyChallengeSignature({ certPem, data, signatureBase64: await signChallenge({ keyPem, data }) })).toBe(true);
    }
    expect((await stat(join(dir, 'nested', 'ca.key.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested', 'cfgy-info.crt.pem'))).mode & 0o777).toBe(0o644);
  });

  it('is idempotent: a second run keeps the same certificates', async () => {
    const dir = await tempDir();
    const first = await ensureDemoCertificates(dir, people);
    const caBefore = await readFile(join(dir, 'ca.crt.pem'), 'utf8');
    expect(await ensureDemoCertificates(dir, people)).toEqual(first);
    expect(await readFile(join(dir, 'ca.crt.pem'), 'utf8')).toBe(caBefore);
  });

  it('issues only what is missing', async () => {
    const dir = await tempDir();
    const first = await ensureDemoCertificates(dir, people.slice(0, 1));
    await unlink(join(dir, 'nm-info.key.pem'));
    const second = await ensureDemoCertificates(dir, people);
    expect(second['nm-info']).not.toBe(first['nm-info']);
    expect(second['cfgy-info']).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('reissues person certificates when the CA was replaced', async () => {
    const dir = await tempDir();
    const first = await ensureDemoCertificates(dir, people);
    await unlink(join(dir, 'ca.key.pem'));
    const second = await ensureDemoCertificates(dir, people);
    expect(second['nm-info']).not.toBe(first['nm-info']);
  });

  it.each(['../evil', '.hidden', 'a/b', ''])('refuses username %j as a file name', async (username) => {
    const dir = await tempDir();
    await expect(ensureDemoCertificates(dir, [{ username, realName: 'x', unitName: 'y' }])).rejects.toThrow();
  });
});
