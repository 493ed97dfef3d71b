import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteHandler } from '../http/server.js';
import { staticHandler } from '../http/static-files.js';

const REMOTE_PATH = /^\/remotes\/([a-z][a-z0-9_-]{0,40})\//;
/** What makes a built folder a portal remote (vite federation `filename`). */
export const REMOTE_ENTRY = 'remoteEntry.js';

/**
 * Built portal remotes, each at `/remotes/<name>/` from `<remotesDir>/<name>/dist`. A folder is
 * a remote when its build has a `remoteEntry.js`; it is served while `served()` names it — the
 * remotes the province's manifest (`config/portal-modules.<province>.json`) enables, read per
 * request like `portalModules`, so disabling an entry stops its files at once (HTTP 404) and a
 * new remote is a new package plus a manifest entry — no gateway or shell change. Files only, no
 * SPA fallback; CORS is open (static-files) so a shell on another origin may load them too.
 */
export function remoteAssetsRoute(remotesDir: string, served: () => ReadonlySet<string>): RouteHandler {
  const handlers = new Map<string, ReturnType<typeof staticHandler>>();
  return (req, res, pathname) => {
    const m = REMOTE_PATH.exec(pathname);
    if (!m) return false;
    const name = m[1]!;
    const dist = join(remotesDir, name, 'dist');
    if (!existsSync(join(dist, REMOTE_ENTRY))) return false;
    if (!served().has(name)) {
      // Built but not enabled here: answered (not left to the portal's fallback) and not cached.
      res.writeHead(404, { 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' }).end('remote not enabled');
      return true;
    }
    let handler = handlers.get(name);
    if (!handler) handlers.set(name, (handler = staticHandler(dist, `/remotes/${name}/`, { spaFallback: false })));
    return handler(req, res, pathname);
  };
}

/**
 * The bundled GraphiQL (portals/graphiql) at `/graphiql/`. It is only a client: every query it
 * sends goes to /graphql with the user's own session (token or cookie) and scope.
 */
export function graphiqlRoute(graphiqlDir: string): RouteHandler {
  const serve = staticHandler(graphiqlDir, '/graphiql/');
  return (req, res, pathname) => {
    if (pathname === '/graphiql' && existsSync(join(graphiqlDir, 'index.html'))) {
      res.writeHead(302, { location: '/graphiql/' }).end();
      return true;
    }
    return pathname.startsWith('/graphiql/') ? serve(req, res, pathname) : false;
  };
}
