import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const DEMO_PASSWORD = 'Demo@2026';
export const sel = (name: string) => `[data-test="${name}"]`;

/**
 * Signs in through the portal's login page; information admins (`*-info`) also take the
 * certificate step with their demo certificate. Waits for the layout.
 */
export async function signIn(page: Page, username: string, dataDir: string): Promise<void> {
  await page.goto('/login');
  await page.locator(sel('login-step-password')).waitFor();
  await page.locator(sel('login-username')).fill(username);
  await page.locator(sel('login-password')).fill(DEMO_PASSWORD);
  await page.locator(sel('login-submit')).click();
  if (username.endsWith('-info')) {
    await page.locator(sel('login-step-certificate')).waitFor();
    const certs = join(dataDir, 'demo-certs');
    await page.locator(sel('cert-file')).setInputFiles(join(certs, `${username}.crt.pem`));
    await page.locator(sel('key-file')).setInputFiles(join(certs, `${username}.key.pem`));
    await page.locator(sel('cert-submit')).click();
  }
  await page.locator(sel('current-user')).waitFor();
}

/** The portal's session token (sessionStorage), for checking the outcome through the API. */
export function tokenOf(page: Page): Promise<string> {
  return page.evaluate(() => sessionStorage.getItem('tmis.token') ?? '');
}

export async function gql<T = any>(baseUrl: string, token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

export async function apiLogin(baseUrl: string, username: string): Promise<string> {
  const data = await gql<{ login: { status: string; token: string | null } }>(baseUrl, null,
    'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token } }', { u: username, p: DEMO_PASSWORD });
  if (data.login.status !== 'OK' || !data.login.token) throw new Error(`login ${username}: ${data.login.status}`);
  return data.login.token;
}

/** GB 11643 check character (ISO 7064 MOD 11-2) for a 17-digit body. */
export function idCardNumber(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body17 + '10X98765432'[sum % 11]!;
}
