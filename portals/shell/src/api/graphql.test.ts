import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getToken, setToken } from '../auth/token';
import { notify } from '../ui/notify';
import { i18n } from '../i18n';
import { displayMessage, gql, GraphQLRequestError, setUnauthenticatedHandler } from './graphql';

vi.mock('../ui/notify', () => ({ notify: vi.fn() }));

function respond(body: unknown, status = 200) {
  const fetchMock = vi.fn(async () => new Response(JSON.stringify(body), { status }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('gql', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.mocked(notify).mockClear();
  });

  it('POSTs JSON to /graphql with the bearer token when signed in', async () => {
    setToken('t-123');
    const fetchMock = respond({ data: { logout: true } });

    await expect(gql('mutation Logout { logout }')).resolves.toEqual({ logout: true });

    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/graphql');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer t-123');
    expect(JSON.parse(init.body as string)).toEqual({ query: 'mutation Logout { logout }', variables: {} });
  });

  it('sends no Authorization header without a token', async () => {
    const fetchMock = respond({ data: { me: null } });
    await gql('query { me { id } }').catch(() => undefined);
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('shows the Chinese message and keeps the English code', async () => {
    respond({ data: null, errors: [{ message: '挑战已过期', extensions: { code: 'CHALLENGE_EXPIRED' } }] });
    const error = await gql('mutation { x }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect(error).toMatchObject({ code: 'CHALLENGE_EXPIRED', message: '挑战已过期' });
    expect(notify).toHaveBeenCalledWith('error', '挑战已过期');
  });

  it('a GraphQL validation message: Chinese in zh-CN, the English the gateway keeps in English', async () => {
    const body = { errors: [{ message: '类型“Teacher”上没有字段“nmae”。', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', messageEn: 'Cannot query field "nmae" on type "Teacher".' } }] };
    respond(body, 400);
    const error = (await gql('{ x }').catch((e: unknown) => e)) as GraphQLRequestError;
    expect(displayMessage(error)).toBe('类型“Teacher”上没有字段“nmae”。');
    expect(notify).toHaveBeenCalledWith('error', '类型“Teacher”上没有字段“nmae”。');
    i18n.global.locale.value = 'en';
    try {
      expect(displayMessage(error)).toBe('Cannot query field "nmae" on type "Teacher".');
    } finally {
      i18n.global.locale.value = 'zh-CN';
    }
  });

  it('on UNAUTHENTICATED drops the token and asks for the login page', async () => {
    setToken('expired');
    const toLogin = vi.fn();
    setUnauthenticatedHandler(toLogin);
    respond({ data: null, errors: [{ message: '请先登录', extensions: { code: 'UNAUTHENTICATED' } }] });

    await expect(gql('query { me { id } }')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    expect(getToken()).toBeNull();
    expect(toLogin).toHaveBeenCalledOnce();
  });

  it('stays quiet when asked to', async () => {
    respond({ data: null, errors: [{ message: '无权访问', extensions: { code: 'FORBIDDEN' } }] });
    await expect(gql('query { x }', {}, { silent: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(notify).not.toHaveBeenCalled();
  });
});
