import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './page.css';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { authHeaders, GRAPHQL_ENDPOINT, readSession, userStorage, type Me } from './session';
import { localizeGraphiQL } from './localize';
import { texts } from './texts';

const DEFAULT_QUERY = `# 教师管理信息系统 GraphQL：结果只包含您管辖范围内的数据。
# TMIS GraphQL: results contain only the data in your own scope.
query MyScope {
  me { username realName unit { name level } }
  teachers(first: 10) {
    totalCount
    nodes { teacherNo name gender school { name } }
  }
}
`;

const t = texts();
document.documentElement.lang = t.lang;
const root = document.getElementById('graphiql')!;

function el(tag: string, attrs: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** Signed out: the login hint (the portal brings the user back here after sign-in). */
function showLoginHint(): void {
  const loginHref = `/login?redirect=${encodeURIComponent('/graphiql/')}`;
  root.replaceChildren(
    el('div', { class: 'tmis-hint', 'data-test': 'graphiql-login-hint' },
      el('h1', {}, t.signedOutTitle),
      el('p', {}, t.signedOutText),
      el('a', { class: 'tmis-button', href: loginHref, 'data-test': 'graphiql-login-link' }, t.login)),
  );
}

function showError(message: string): void {
  const retry = el('button', { class: 'tmis-button', type: 'button' }, t.retry);
  retry.addEventListener('click', () => void start());
  root.replaceChildren(el('div', { class: 'tmis-hint', 'data-test': 'graphiql-error' }, el('h1', {}, t.errorTitle), el('p', {}, message), retry));
}

async function fetcher(params: unknown, opts?: { headers?: Record<string, unknown> }): Promise<unknown> {
  const extra = Object.fromEntries(Object.entries(opts?.headers ?? {}).map(([k, v]) => [k, String(v)]));
  const res = await fetch(GRAPHQL_ENDPOINT, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...extra, ...authHeaders() },
    body: JSON.stringify(params),
  });
  return res.json();
}

function showGraphiQL(me: Me): void {
  const bar = el('header', { class: 'tmis-bar', 'data-test': 'graphiql-bar' },
    el('strong', {}, t.title),
    el('span', { 'data-test': 'graphiql-user' }, `${t.user}：${me.realName}（${me.username}，${me.unit.name}，${t.roles[me.role] ?? me.role}）`),
    el('span', { class: 'tmis-bar__scope' }, t.scope),
    el('a', { href: '/', class: 'tmis-bar__back' }, t.back));
  const host = el('div', { class: 'tmis-graphiql' });
  root.replaceChildren(bar, host);
  // ?query=… opens a shared query in a new tab (links from reports, documentation).
  const shared = new URLSearchParams(location.search).get('query');
  // GraphiQL's own controls in the portal's language: it has no i18n of its own.
  if (t.lang === 'zh-CN') localizeGraphiQL(document.body);
  createRoot(host).render(
    createElement(GraphiQL, {
      fetcher: fetcher as never,
      storage: userStorage(me.username),
      defaultQuery: DEFAULT_QUERY,
      ...(shared ? { initialQuery: shared } : {}),
      // Authentication is the session's: the headers editor is not needed for it.
      isHeadersEditorEnabled: false,
    }),
  );
}

async function start(): Promise<void> {
  const session = await readSession();
  if (session.kind === 'signed-in') showGraphiQL(session.me);
  else if (session.kind === 'signed-out') showLoginHint();
  else showError(session.message);
}

void start();
