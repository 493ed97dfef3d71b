import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { challengeSigningInput, signChallenge } from '../../platform/auth/certificates/index.js';
import { repoRoot } from '../../platform/config.js';
import { AppError } from '../../platform/graphql/errors.js';

/**
 * `npm run token -- <username>`: logs in to a running gateway through the API, as the portal
 * does — password, then for information admins the certificate challenge signed with the key
 * file (the USB key of the demo: <data>/demo-certs/<username>.key.pem) — and prints the session
 * token, for analysts' GraphQL clients and developers' curl. No shortcut around authentication:
 * the login is audited like any other and the token expires like any other.
 */
export const TOKEN_USAGE = `  token <username> [--url http://127.0.0.1:4000] [--password …] [--cert-dir <folder>]
                 log in to a running gateway (certificate step included) and print the session token;
                 the password comes from --password, TMIS_PASSWORD, or is the demo password`;

export interface TokenArgs { username: string; url: string; password: string; certDir: string }

const DEMO_PASSWORD = 'Demo@2026';
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token challenge { id nonce } } }`;
const CERT = `mutation($id: ID!, $pem: String!, $sig: String!) { completeCertificateLogin(challengeId: $id, certificatePem: $pem, signature: $sig) { status token } }`;

export function parseTokenArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): TokenArgs {
  let username: string | undefined;
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--(url|password|cert-dir)(?:=(.*))?$/.exec(a);
    if (m) {
      const v = m[2] ?? argv[++i];
      if (v === undefined) throw new AppError('VALIDATION_FAILED', { argument: a }, `缺少 ${a} 的值 / ${a} needs a value`);
      opts[m[1]!] = v;
    } else if (!a.startsWith('--') && !username) username = a;
    else throw new AppError('VALIDATION_FAILED', { argument: a }, `未知参数 / unknown argument: ${a}`);
  }
  if (!username) throw new AppError('VALIDATION_FAILED', { argument: 'username' }, '缺少用户名 / a username is required');
  const dataDir = env.TMIS_DATA_DIR || resolve(repoRoot, '.data');
  return {
    username,
    url: (opts.url ?? `http://127.0.0.1:${env.PORT || 4000}`).replace(/\/+$/, ''),
    password: opts.password ?? env.TMIS_PASSWORD ?? DEMO_PASSWORD,
    certDir: resolve(opts['cert-dir'] ?? join(dataDir, 'demo-certs')),
  };
}

async function gql(url: string, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
    .catch((e: Error) => { throw Object.assign(new Error(`无法连接网关 / cannot reach the gateway at ${url}: ${e.message}`), { code: 'GATEWAY_UNREACHABLE' }); });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
  const err = body.errors?.[0];
  if (err) throw Object.assign(new Error(err.message), { code: err.extensions?.code ?? 'INTERNAL' });
  return body.data!;
}

/** The session token of `username`, or an error with the gateway's code. */
export async function fetchToken(a: TokenArgs): Promise<string> {
  const login = (await gql(a.url, LOGIN, { u: a.username, p: a.password })).login;
  if (login.status === 'PASSWORD_CHANGE_REQUIRED') {
    throw Object.assign(new Error('须先在门户修改初始密码 / the account must change its initial password in the portal first'), { code: 'PASSWORD_CHANGE_REQUIRED' });
  }
  if (login.status !== 'CERTIFICATE_REQUIRED') return login.token as string;
  let certPem: string;
  let keyPem: string;
  try {
    certPem = readFileSync(join(a.certDir, `${a.username}.crt.pem`), 'utf8');
    keyPem = readFileSync(join(a.certDir, `${a.username}.key.pem`), 'utf8');
  } catch {
    throw Object.assign(new Error(`此账号须使用CA证书登录，但 ${a.certDir} 中没有 ${a.username}.crt.pem / .key.pem / the account needs its certificate and key in ${a.certDir} (--cert-dir)`), { code: 'CERTIFICATE_REQUIRED' });
  }
  const signature = await signChallenge({ keyPem, data: challengeSigningInput(login.challenge.id, login.challenge.nonce) });
  return (await gql(a.url, CERT, { id: login.challenge.id, pem: certPem, sig: signature })).completeCertificateLogin.token as string;
}

/** The CLI command: the token alone on stdout (for `$(npm run -s token -- …)`), problems on stderr. */
export async function runTokenCommand(argv: string[]): Promise<number> {
  let args: TokenArgs;
  try {
    args = parseTokenArgs(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\nusage:\n${TOKEN_USAGE}`);
    return 2;
  }
  try {
    console.log(await fetchToken(args));
    return 0;
  } catch (e) {
    console.error(`${(e as { code?: string }).code ?? 'ERROR'}: ${(e as Error).message}`);
    return 1;
  }
}
