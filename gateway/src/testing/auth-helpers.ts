import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { challengeSigningInput, signChallenge } from '../platform/auth/certificates/index.js';
import type { TestApp } from './test-app.js';
import { PASSWORD } from './world.js';

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token challenge { id nonce } } }`;
const CERT = `mutation($id: ID!, $pem: String!, $sig: String!) { completeCertificateLogin(challengeId: $id, certificatePem: $pem, signature: $sig) { status token } }`;

/** Logs in through the real API; information admins also sign the certificate challenge with their key file. */
export async function loginAs(t: TestApp, username: string, certDir?: string, password = PASSWORD): Promise<string> {
  const r = await t.gql(LOGIN, { u: username, p: password });
  if (r.errors) throw new Error(`login ${username}: ${JSON.stringify(r.errors)}`);
  const login = r.data!.login;
  if (login.status !== 'CERTIFICATE_REQUIRED') return login.token;
  if (!certDir) throw new Error(`${username} needs a certificate`);
  const certPem = readFileSync(join(certDir, `${username}.crt.pem`), 'utf8');
  const keyPem = readFileSync(join(certDir, `${username}.key.pem`), 'utf8');
  const sig = await signChallenge({ keyPem, data: challengeSigningInput(login.challenge.id, login.challenge.nonce) });
  const c = await t.gql(CERT, { id: login.challenge.id, pem: certPem, sig });
  if (c.errors) throw new Error(`certificate login ${username}: ${JSON.stringify(c.errors)}`);
  return c.data!.completeCertificateLogin.token;
}

export const GQL = { LOGIN, CERT };
