import { yearInChina } from '@tmis/shared';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContextFactory, RouteHandler } from '../../platform/http/server.js';
import { AppError } from '../../platform/graphql/errors.js';
import { renderWorkforceReport } from './workforce-report.html.js';
import { workforceReportPdf } from './workforce-report.pdf.js';
import { WorkforceReportService } from './workforce-report.service.js';

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401, SESSION_EXPIRED: 401, PASSWORD_CHANGE_REQUIRED: 403, FORBIDDEN: 403, NOT_FOUND_OR_NO_ACCESS: 404,
};
// Self-contained page: inline style and SVG only, no script, nothing fetched.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function fail(res: ServerResponse, e: AppError): true {
  res.writeHead(STATUS[e.code] ?? 400, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    .end(JSON.stringify({ errors: [{ message: e.message, extensions: { code: e.code } }] }));
  return true;
}

/**
 * `GET /reports/workforce?unitId=&year=`: the printable 教师队伍建设报告 (session cookie or bearer,
 * as GraphQL); `GET /reports/workforce.pdf?…`: the same report as a PDF.
 */
export function workforceReportRoute(makeContext: ContextFactory): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> => {
    if (pathname !== '/reports/workforce' && pathname !== '/reports/workforce.pdf') return false;
    const pdf = pathname.endsWith('.pdf');
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return true;
    }
    const ctx = await makeContext(req);
    const url = new URL(req.url ?? '', 'http://localhost');
    const yearText = url.searchParams.get('year') ?? String(yearInChina());
    try {
      if (!ctx.principal) throw new AppError('UNAUTHENTICATED');
      if (!/^\d{4}$/.test(yearText)) throw new AppError('REPORT_YEAR_INVALID', { year: yearText });
      const report = await new WorkforceReportService(ctx).build(url.searchParams.get('unitId') ?? ctx.principal.unitId, Number(yearText));
      if (pdf) {
        const body = await workforceReportPdf(report);
        const file = `${report.unitName}${report.year}年度教师队伍建设报告.pdf`;
        res.writeHead(200, {
          'content-type': 'application/pdf', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff',
          'content-disposition': `attachment; filename="workforce-report-${report.year}.pdf"; filename*=UTF-8''${encodeURIComponent(file)}`,
        }).end(body);
        return true;
      }
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff',
        'content-security-policy': CSP, 'referrer-policy': 'no-referrer',
      }).end(renderWorkforceReport(report));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      fail(res, e);
    }
    return true;
  };
}
