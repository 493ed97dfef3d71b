import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.map': 'application/json',
};

/**
 * Serves a built single-page app from `root` under `prefix`. Unknown paths that look like
 * routes fall back to index.html (unless `spaFallback: false`, e.g. for a remote's files);
 * paths never escape the root.
 */
export function staticHandler(root: string, prefix = '/', opts: { spaFallback?: boolean } = {}) {
  const base = resolve(root);
  const spaFallback = opts.spaFallback ?? true;
  return (req: IncomingMessage, res: ServerResponse, pathname: string): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (!pathname.startsWith(prefix) || !existsSync(base)) return false;
    const rel = normalize(decodeURIComponent(pathname.slice(prefix.length))).replace(/^([/\\])+/, '');
    let file = join(base, rel);
    if (!file.startsWith(base)) return false;
    const isFile = existsSync(file) && statSync(file).isFile();
    if (!isFile) {
      if (extname(rel) || !spaFallback) return false; // a missing asset is a 404, not the app
      file = join(base, 'index.html');
      if (!existsSync(file)) return false;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    // Hashed assets are immutable; index.html must always be revalidated.
    const cache = /\/assets\//.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { 'content-type': type, 'cache-control': cache, 'x-content-type-options': 'nosniff', 'access-control-allow-origin': '*' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  };
}
