import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext } from '../../platform/graphql/context.js';
import { AppError } from '../../platform/graphql/errors.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { UnitService } from '../units/unit.service.js';
import { Unit } from '../units/unit.entity.js';
import { CampaignService } from './campaign.service.js';
import { monthlyActivity, monthlyReportWorkbook } from './monthly-report.js';

const PATH = /^\/api\/campaigns\/([0-9a-f-]{36})\/monthly-report\.xlsx$/;

function fail(res: ServerResponse, status: number, e: AppError): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: { code: e.code, message: e.message } }));
  return true;
}

/** GET /api/campaigns/:id/monthly-report.xlsx?unitId=&month=YYYY-MM — the monthly progress report (月报) of a unit. */
export function monthlyReportRoute(makeContext: (req: IncomingMessage) => Promise<RequestContext>) {
  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> => {
    const m = PATH.exec(pathname);
    if (!m || req.method !== 'GET') return false;
    const ctx = await makeContext(req);
    if (!ctx.principal || ctx.principal.restricted) return fail(res, 401, new AppError('UNAUTHENTICATED'));
    const url = new URL(req.url ?? '', 'http://localhost');
    const month = url.searchParams.get('month') ?? new Date().toISOString().slice(0, 7);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return fail(res, 400, new AppError('VALIDATION_FAILED', { field: 'month' }, '月份格式应为YYYY-MM'));
    try {
      const svc = new CampaignService(ctx);
      const campaign = await svc.get(m[1]!);
      const unit = await new UnitService(ctx).get(url.searchParams.get('unitId') ?? ctx.principal.unitId);
      const progress = await svc.progress(campaign, unit.id);
      // The units below and the reporting unit itself (its total row has its own month's activity).
      const units = await ctx.em.find(Unit, { id: { $in: [...new Set([...progress.units.map((p) => p.unitId), unit.id])] } });
      const activity = await monthlyActivity(ctx.em, units, month);
      const file = await monthlyReportWorkbook('全国教师管理信息系统工作月报表', unit, month, campaign.title, [...progress.units, progress.total], activity);
      await appendAudit(ctx.em, [actorEvent(ctx, { action: 'campaign.monthly_report',
        targetType: 'Unit', targetId: unit.id, detail: { campaignId: campaign.id, month } })]);
      res.writeHead(200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="monthly-report-${unit.code}-${month}.xlsx"`,
      }).end(file);
      return true;
    } catch (e) {
      if (e instanceof AppError) return fail(res, e.code === 'NOT_FOUND_OR_NO_ACCESS' ? 404 : e.code === 'FORBIDDEN' ? 403 : 400, e);
      throw e;
    }
  };
}
