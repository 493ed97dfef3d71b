// The analyst's own session: the portal's token (same tab) or the HttpOnly session cookie the
// gateway set at sign-in (a new tab). Nothing else grants access; every query runs in that
// user's scope, exactly as the portal's own calls do.

export const GRAPHQL_ENDPOINT = '/graphql';
/** The shell keeps its token here (portals/shell/src/auth/token.ts). */
const TOKEN_KEY = 'tmis.token';

export interface Me {
  username: string;
  realName: string;
  role: string;
  unit: { name: string };
}

export type SessionState = { kind: 'signed-in'; me: Me } | { kind: 'signed-out'; code: string } | { kind: 'error'; message: string };

export function portalToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Headers for every request; the Bearer token wins over the cookie on the gateway. */
export function authHeaders(): Record<string, string> {
  const token = portalToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

interface GraphQLBody {
  data?: { me?: Me } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function readSession(fetchImpl: typeof fetch = fetch): Promise<SessionState> {
  let body: GraphQLBody;
  try {
    const res = await fetchImpl(GRAPHQL_ENDPOINT, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...authHeaders() },
      body: JSON.stringify({ query: '{ me { username realName role unit { name } } }' }),
    });
    body = (await res.json()) as GraphQLBody;
  } catch (e) {
    return { kind: 'error', message: (e as Error).message };
  }
  const code = body.errors?.[0]?.extensions?.code;
  if (code === 'UNAUTHENTICATED' || code === 'PASSWORD_CHANGE_REQUIRED') return { kind: 'signed-out', code };
  if (body.data?.me) return { kind: 'signed-in', me: body.data.me };
  return { kind: 'error', message: body.errors?.[0]?.message ?? 'no session' };
}

/**
 * GraphiQL keeps tabs and history in storage; a per-user namespace keeps one analyst's queries
 * from showing up for the next person who signs in on the same browser.
 */
export function userStorage(username: string, backing: Storage = localStorage): Storage {
  const prefix = `tmis.graphiql.${username}:`;
  const keys = () => Object.keys(backing).filter((k) => k.startsWith(prefix));
  return {
    get length() {
      return keys().length;
    },
    key: (i: number) => keys()[i]?.slice(prefix.length) ?? null,
    getItem: (k: string) => backing.getItem(prefix + k),
    setItem: (k: string, v: string) => backing.setItem(prefix + k, v),
    removeItem: (k: string) => backing.removeItem(prefix + k),
    clear: () => keys().forEach((k) => backing.removeItem(k)),
  };
}
