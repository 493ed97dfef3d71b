import type { ContextFactory, RouteHandler } from '../../platform/http/server.js';
import { AppError } from '../../platform/graphql/errors.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { fail, MAX_UPLOAD_BYTES, readUpload, sendXlsx, TooLarge, XLSX } from '../imports/imports.routes.js';
import { UnitDirectoryService } from './unit-directory.service.js';

const TEMPLATE = '/api/unit-directory/template.xlsx';
const UPLOAD = '/api/unit-directory';
const REPORT = /^\/api\/unit-directory\/([^/]+)\/errors\.xlsx$/;
const NO_STORE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/**
 * HTTP side of the unit directory import, shaped like the teacher import's:
 * - `GET  /api/unit-directory/template.xlsx` — the template;
 * - `POST /api/unit-directory` with the .xlsx as the body — 202 `{ importId, jobId }` (the dry run);
 * - `GET  /api/unit-directory/:importId/errors.xlsx` — the dry run's error report.
 * The result, the per-row list and the apply are GraphQL (`unitDirectoryImport`, `unitDirectoryPlan`, `applyUnitDirectory`).
 */
export function unitDirectoryRoutes(makeContext: ContextFactory, jobs: JobQueue): RouteHandler {
  return async (req, res, pathname) => {
    const report = REPORT.exec(pathname);
    if (pathname !== TEMPLATE && pathname !== UPLOAD && !report) return false;
    const wanted = pathname === UPLOAD ? 'POST' : 'GET';
    if (req.method !== wanted) {
      res.writeHead(405, { allow: wanted }).end();
      return true;
    }
    const svc = new UnitDirectoryService(await makeContext(req));
    try {
      if (pathname === TEMPLATE) {
        sendXlsx(res, await svc.template(), '单位名录导入模板.xlsx');
      } else if (report) {
        sendXlsx(res, await svc.errorReport(report[1]!), `单位名录预检错误报告-${report[1]}.xlsx`);
      } else {
        svc.authorizeUpload();
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
        if (type && type !== XLSX && type !== 'application/octet-stream') throw new AppError('IMPORT_FILE_INVALID');
        let file: Buffer;
        try {
          file = await readUpload(req);
        } catch (e) {
          if (e instanceof TooLarge) { fail(res, new AppError('VALIDATION_FAILED', { maxBytes: MAX_UPLOAD_BYTES }, '上传文件超过50MB'), 413); return true; }
          throw e;
        }
        const started = await svc.submit(jobs, file);
        res.writeHead(202, { 'content-type': 'application/json; charset=utf-8', ...NO_STORE }).end(JSON.stringify(started));
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
