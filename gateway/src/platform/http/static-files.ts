import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize, resolve } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.map': 'application/json',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.map']);
const MIN_GZIP_BYTES = 1024;
/** Gzipped bodies by file, kept while the file is unchanged: built assets are compressed once. */
const gzipped = new Map<string, { mtimeMs: number; size: number; body: Buffer }>();

function gzipOf(file: string, mtimeMs: number, size: number): Buffer {
  const hit = gzipped.get(file);
  if (hit && hit.mtimeMs === mtimeMs && hit.size === size) return hit.body;
  const body = gzipSync(readFileSync(file), { level: 9 });
  gzipped.set(file, { mtimeMs, size, body });
  return body;
}

const acceptsGzip = (req: IncomingMessage): boolean => /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));

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
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': cache, 'x-content-type-options': 'nosniff', 'access-control-allow-origin': '*', vary: 'accept-encoding' };
    const stat = statSync(file);
    // Text assets go out gzipped (the shell's first paint is mostly Element Plus and Vue).
    if (COMPRESSIBLE.has(extname(file)) && stat.size >= MIN_GZIP_BYTES && acceptsGzip(req)) {
      const body = gzipOf(file, stat.mtimeMs, stat.size);
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': String(body.length) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    res.writeHead(200, { ...headers, 'content-length': String(stat.size) });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  };
}
