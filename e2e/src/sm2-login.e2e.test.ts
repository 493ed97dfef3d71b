import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPage, screenshot } from './browser.js';
import { DEMO_PASSWORD, gql, sel, signIn, tokenOf } from './portal-session.js';
import { launchGateway, type RunningGateway } from './system.js';

// Issue 15.2 in the browser: a second gateway under the national profile (TMIS_CRYPTO=gm), whose
// demo CA is an SM2 root with an SM2 issuing CA. A school information admin signs in through the
// real login page with the SM2 key file; the page signs the challenge SM2-with-SM3 itself and
// sends the certificate with the intermediate its file carries (only the root is configured).

const USER = 'dhq-s2-info';

let gm: RunningGateway;
let browser: Browser;
let scratch: string;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'tmis-e2e-sm2-'));
  [gm, browser] = await Promise.all([launchGateway({ TMIS_CRYPTO: 'gm' }, 'gateway-gm.log'), launchBrowser()]);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await gm?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('SM2 certificate login under TMIS_CRYPTO=gm (Chromium)', () => {
  test(`${USER} signs in with the SM2 key file of the demo CA's issuing CA`, async () => {
    const certs = join(gm.dataDir, 'demo-certs');
    const certFile = join(certs, `${USER}.crt.pem`);
    const keyFile = join(certs, `${USER}.key.pem`);
    // What the gateway handed out really is SM2: the key on sm2p256v1, the person's certificate from the intermediate.
    // (Node names no SM2 curve in asymmetricKeyDetails: the SubjectPublicKeyInfo carries its OID 1.2.156.10197.1.301.)
    const SM2_CURVE = Buffer.from('06082a811ccf5501822d', 'hex');
    expect(createPublicKey(readFileSync(keyFile, 'utf8')).export({ format: 'der', type: 'spki' }).includes(SM2_CURVE)).toBe(true);
    const chain = readFileSync(certFile, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)!;
    expect(chain).toHaveLength(2);
    const [leaf, intermediate] = chain.map((pem) => new X509Certificate(pem));
    expect(leaf!.checkIssued(intermediate!)).toBe(true);
    expect(leaf!.publicKey.export({ format: 'der', type: 'spki' }).includes(SM2_CURVE)).toBe(true);
    expect(readFileSync(join(certs, 'ca.crt.pem'), 'utf8')).not.toContain(chain[1]!.split('\n')[1]!);

    const { context, page, pageErrors } = await openPage(browser, gm.baseUrl);
    try {
      await page.goto('/login');
      await page.locator(sel('login-username')).fill(USER);
      await page.locator(sel('login-password')).fill(DEMO_PASSWORD);
      await page.locator(sel('login-submit')).click();
      await page.locator(sel('login-step-certificate')).waitFor();

      // A key of another type is refused in the page, with the reason, before anything is sent.
      const rsaKey = join(scratch, 'rsa.key.pem');
      writeFileSync(rsaKey, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
      await page.locator(sel('cert-file')).setInputFiles(certFile);
      await page.locator(sel('key-file')).setInputFiles(rsaKey);
      await page.locator(sel('cert-submit')).click();
      await page.locator('.el-message', { hasText: '不支持该类型的私钥（RSA），仅支持 SM2（国密）和 ECDSA P-256 私钥。' }).waitFor();
      expect(await page.locator(sel('login-step-certificate')).count()).toBe(1);

      await page.locator(sel('key-file')).setInputFiles(keyFile);
      await page.locator(sel('cert-submit')).click();
      await page.locator(sel('current-user')).waitFor();
      await expect.poll(async () => (await page.locator(sel('current-user')).textContent()) ?? '').toContain('东湖区第一小学');
      await expect.poll(async () => (await page.locator(sel('home-scope')).textContent()) ?? '').toContain('密码 + 教育CA证书');
      await screenshot(page, 'sm2-login-home');

      // The gateway recorded a certificate login with an SM2-with-SM3 certificate.
      const { auditEntries } = await gql(gm.baseUrl, await tokenOf(page),
        '{ auditEntries(filter: { actor: "dhq-s2-info", action: "auth.certificate_login" }, first: 1) { nodes { outcome detail } } }');
      expect(auditEntries.nodes[0]).toMatchObject({ outcome: 'success', detail: { signatureAlgorithm: 'SM2-with-SM3' } });
      expect(pageErrors.map((e) => e.message)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the county information admin (dhq-info) signs in with its SM2 key through signIn, as the other specs do', async () => {
    const { context, page } = await openPage(browser, gm.baseUrl);
    try {
      await signIn(page, 'dhq-info', gm.dataDir);
      await expect.poll(async () => (await page.locator(sel('current-user')).textContent()) ?? '').toContain('信息管理员');
    } finally {
      await context.close();
    }
  });
});
