import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { challengeSigningInput, signChallenge } from '../platform/auth/certificates/index.js';
import type { GqlResult, TestApp } from './test-app.js';
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
  const c = await answerChallenge(t, login.challenge, readCertificate(certDir, username));
  if (c.errors) throw new Error(`certificate login ${username}: ${JSON.stringify(c.errors)}`);
  return c.data!.completeCertificateLogin.token;
}

/** A certificate and the key that signs with it (the USB key), as PEM. */
export interface CertificateFiles { certPem: string; keyPem: string }

export function readCertificate(certDir: string, username: string): CertificateFiles {
  return {
    certPem: readFileSync(join(certDir, `${username}.crt.pem`), 'utf8'),
    keyPem: readFileSync(join(certDir, `${username}.key.pem`), 'utf8'),
  };
}

/** Second login step: presents `certPem` with a signature of the challenge made by `keyPem`. */
export async function answerChallenge(t: TestApp, challenge: { id: string; nonce: string }, { certPem, keyPem }: CertificateFiles): Promise<GqlResult> {
  const sig = await signChallenge({ keyPem, data: challengeSigningInput(challenge.id, challenge.nonce) });
  return t.gql(CERT, { id: challenge.id, pem: certPem, sig });
}

export const GQL = { LOGIN, CERT };
