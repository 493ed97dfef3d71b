import { createHash, randomBytes } from 'node:crypto';

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export const SESSION_COOKIE = 'tmis_session';

/** Bearer header first (API clients, portal), then the cookie (GraphiQL in the browser). */
export function tokenFromHeaders(authorization: string | undefined, cookie: string | undefined): string | undefined {
  const m = authorization ? /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(authorization.trim()) : null;
  if (m) return m[1];
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === SESSION_COOKIE && v && /^[A-Za-z0-9_-]{20,200}$/.test(v)) return v;
  }
  return undefined;
}
