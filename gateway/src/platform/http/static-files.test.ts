import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticHandler } from './static-files.js';

let server: Server;
let port: number;
const big = `export const text = ${JSON.stringify('教师管理'.repeat(2000))};\n`;

/** Raw HTTP (fetch would decompress and hide the encoding). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tmis-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<div id="app"></div>');
  writeFileSync(join(dir, 'assets/app-1.js'), big);
  writeFileSync(join(dir, 'assets/logo.png'), Buffer.alloc(4096, 7));
  const serve = staticHandler(dir, '/');
  server = createServer(async (req, res) => {
    if (!(await serve(req, res, new URL(req.url ?? '/', 'http://x').pathname))) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('static files', () => {
  it('sends scripts gzipped to browsers that accept it, the same bytes once unpacked', async () => {
    const r = await get('/assets/app-1.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers.vary).toBe('accept-encoding');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(Buffer.byteLength(big) / 10);
    expect(gunzipSync(r.body).toString('utf8')).toBe(big);
    expect(r.headers['cache-control']).toContain('immutable');
  });

  it.each([
    ['a client without gzip', '/assets/app-1.js', {}, Buffer.byteLength(big)],
    ['an image (already compressed)', '/assets/logo.png', { 'accept-encoding': 'gzip' }, 4096],
    ['a tiny file', '/index.html', { 'accept-encoding': 'gzip' }, 20],
  ])('sends %s as is', async (_n, path, headers, size) => {
    const r = await get(path, headers as Record<string, string>);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.length).toBe(size);
  });
});
