import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContextFactory, RouteHandler } from '../../platform/http/server.js';
import { AppError } from '../../platform/graphql/errors.js';
import { DataSharingService } from './data-sharing.service.js';

const PATH = '/api/data-sharing/teachers.xlsx';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STATUS: Record<string, number> = { SHARING_CREDENTIAL_INVALID: 401, SHARING_EXPIRED: 403, SHARING_REVOKED: 403, SHARING_NOT_STARTED: 403, SHARING_NOT_APPROVED: 403, RATE_LIMITED: 429 };

/** `GET /api/data-sharing/teachers.xlsx` with header `x-tmis-sharing-credential`: the approved data as a file. */
export function dataSharingRoute(makeContext: ContextFactory): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> => {
    if (pathname !== PATH) return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return true;
    }
    const ctx = await makeContext(req);
    const header = req.headers['x-tmis-sharing-credential'];
    try {
      const { bytes, filename } = await new DataSharingService(ctx).sharedWorkbook(Array.isArray(header) ? header[0] ?? '' : header ?? '');
      res.writeHead(200, {
        'content-type': XLSX, 'content-length': String(bytes.length), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff',
        'content-disposition': `attachment; filename="shared.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      }).end(bytes);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      res.writeHead(STATUS[e.code] ?? 400, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
        .end(JSON.stringify({ errors: [{ message: e.message, extensions: { code: e.code } }] }));
    }
    return true;
  };
}
