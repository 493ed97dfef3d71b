import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContextFactory, RouteHandler } from '../../platform/http/server.js';
import { AppError } from '../../platform/graphql/errors.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { ImportService } from './imports.service.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Uploads may be large (a county's staff); only this route reads such bodies. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401, SESSION_EXPIRED: 401, PASSWORD_CHANGE_REQUIRED: 403, FORBIDDEN: 403, NOT_FOUND_OR_NO_ACCESS: 404,
  JOB_NOT_FINISHED: 409, JOB_FAILED: 409, IMPORT_FILE_INVALID: 415,
};
const NO_STORE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function fail(res: ServerResponse, e: AppError, status?: number): void {
  res.writeHead(status ?? STATUS[e.code] ?? 400, { 'content-type': 'application/json; charset=utf-8', ...NO_STORE })
    .end(JSON.stringify({ errors: [{ message: e.message, extensions: { code: e.code, ...(e.details ? { details: e.details } : {}) } }] }));
}

export function sendXlsx(res: ServerResponse, bytes: Buffer, filename: string): void {
  res.writeHead(200, {
    'content-type': XLSX, 'content-length': String(bytes.length), ...NO_STORE,
    'content-disposition': `attachment; filename="download.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
  }).end(bytes);
}

export class TooLarge extends Error {}

export function readUpload(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_UPLOAD_BYTES) { reject(new TooLarge()); return; }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_UPLOAD_BYTES) { reject(new TooLarge()); req.destroy(); } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const TEMPLATE = '/api/imports/teachers/template.xlsx';
const UPLOAD = '/api/imports/teachers';
const REPORT = /^\/api\/imports\/jobs\/([^/]+)\/errors\.xlsx$/;

/**
 * HTTP side of the teacher import (files do not travel well through GraphQL):
 * - `GET  /api/imports/teachers/template.xlsx?stage=<学段代码>` — the template;
 * - `POST /api/imports/teachers?unitId=<单位>` with the .xlsx as the body — 202 `{ jobId }`;
 * - `GET  /api/imports/jobs/:id/errors.xlsx` — the error report of a finished job.
 * Same session token as GraphQL; errors are `{ errors: [{ message, extensions: { code } }] }`.
 */
export function importRoutes(makeContext: ContextFactory, jobs: JobQueue): RouteHandler {
  return async (req, res, pathname) => {
    const report = REPORT.exec(pathname);
    if (pathname !== TEMPLATE && pathname !== UPLOAD && !report) return false;
    const wanted = pathname === UPLOAD ? 'POST' : 'GET';
    if (req.method !== wanted) {
      res.writeHead(405, { allow: wanted }).end();
      return true;
    }
    const ctx = await makeContext(req);
    const svc = new ImportService(ctx);
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    try {
      if (pathname === TEMPLATE) {
        sendXlsx(res, await svc.template(query.get('stage')), `教师批量导入模板${query.get('stage') ? `-${query.get('stage')}` : ''}.xlsx`);
      } else if (report) {
        sendXlsx(res, await svc.errorReport(report[1]!), `导入错误报告-${report[1]}.xlsx`);
      } else {
        const unit = await svc.authorizeUpload(query.get('unitId'));
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
        if (type && type !== XLSX && type !== 'application/octet-stream') throw new AppError('IMPORT_FILE_INVALID');
        let file: Buffer;
        try {
          file = await readUpload(req);
        } catch (e) {
          if (e instanceof TooLarge) { fail(res, new AppError('VALIDATION_FAILED', { maxBytes: MAX_UPLOAD_BYTES }, '上传文件超过50MB'), 413); return true; }
          throw e;
        }
        const job = await svc.submit(jobs, unit, file);
        res.writeHead(202, { 'content-type': 'application/json; charset=utf-8', ...NO_STORE }).end(JSON.stringify({ jobId: job.id }));
      }
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // Refused before the upload was read: drain it so the client sees the answer, not a reset.
      if (!req.readableEnded) req.resume();
      fail(res, e);
    }
    return true;
  };
}
