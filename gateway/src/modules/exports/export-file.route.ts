import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContextFactory, RouteHandler } from '../../platform/http/server.js';
import { AppError } from '../../platform/graphql/errors.js';
import { ExportService } from './export.service.js';

const PATH = /^\/api\/exports\/([^/]+)\/file$/;
const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401, SESSION_EXPIRED: 401, PASSWORD_CHANGE_REQUIRED: 403, FORBIDDEN: 403, NOT_FOUND_OR_NO_ACCESS: 404, EXPORT_EXPIRED: 410,
};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function fail(res: ServerResponse, e: AppError): void {
  res.writeHead(STATUS[e.code] ?? 400, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
    .end(JSON.stringify({ errors: [{ message: e.message, extensions: { code: e.code } }] }));
}

/** `GET /api/exports/:id/file`: the exporter downloads the .xlsx (same session token as GraphQL). */
export function exportFileRoute(makeContext: ContextFactory): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> => {
    const m = PATH.exec(pathname);
    if (!m) return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return true;
    }
    const ctx = await makeContext(req);
    try {
      const { bytes, filename } = await new ExportService(ctx).download(m[1]!);
      res.writeHead(200, {
        'content-type': XLSX, 'content-length': String(bytes.length), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff',
        'content-disposition': `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      }).end(bytes);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      fail(res, e);
    }
    return true;
  };
}
