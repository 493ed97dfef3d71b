import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { errorMessage } from '@tmis/shared';
import type { Actor } from '../../platform/graphql/context.js';
import type { JobHandler, JobOutcome } from '../../platform/jobs/job-queue.js';
import { AppError } from '../../platform/graphql/errors.js';
import { appendAudit, type AuditEvent } from '../../platform/audit/audit.service.js';
import { buildErrorReport } from '../imports/error-report.js';
import { SCHOOL_COLUMNS } from './directory-columns.js';
import { planDirectory, type DivisionIssue, type Plan, type PlanSummary } from './directory-plan.js';
import { readDirectory } from './directory-reader.js';
import { activeTeachers, applyPlan, loadTree, provinceOf, type ProvinceRef, type TreeUnit } from './directory-state.js';

export const UNIT_DIRECTORY_DRY_RUN = 'unit_directory_dry_run';
export const UNIT_DIRECTORY_APPLY = 'unit_directory_apply';

/** Small and plain (the file stays in its row), so a queue may keep it and any process may run the job. */
export interface UnitDirectoryJobInput {
  importId: string;
  actor: Actor;
  ip: string | null;
}

/** Any constant: with the province's seq it serialises directory applies of one province. */
const DIRECTORY_LOCK = 7_271_205;

const knex = (em: EntityManager) => em.getConnection().getKnex();

function divisionsInvalid(issues: DivisionIssue[]): AppError {
  const shown = issues.slice(0, 5).map((i) => `第${i.rowNumber}行${i.column}：${i.reason}`).join('；');
  return new AppError('UNIT_DIRECTORY_DIVISIONS_INVALID', { rows: issues }, `${errorMessage('UNIT_DIRECTORY_DIVISIONS_INVALID')}：${shown}${issues.length > 5 ? ` 等${issues.length}处` : ''}`);
}

/** Reads the stored file and plans it against the tree as `em` sees it. */
async function planImport(em: EntityManager, importId: string): Promise<{ plan: Plan; province: ProvinceRef; existing: TreeUnit[]; fileSha256: string }> {
  const [row] = await em.getConnection().execute<{ file: Buffer; province_unit_id: string; file_sha256: string }[]>(
    `select file, province_unit_id, file_sha256 from unit_directory_import where id = ?`, [importId], 'all', em.getTransactionContext());
  if (!row) throw new AppError('NOT_FOUND_OR_NO_ACCESS');
  const province = await provinceOf(em, row.province_unit_id);
  const file = await readDirectory(row.file, province.code);
  if (file.divisionIssues.length) throw divisionsInvalid(file.divisionIssues);
  const { existing, codesElsewhere } = await loadTree(em, province, file);
  const plan = planDirectory({ provinceCode: province.code, schools: file.schools, divisions: file.divisions, existing, codesElsewhere, present: file.present });
  if (plan.divisionIssues.length) throw divisionsInvalid(plan.divisionIssues);
  return { plan, province, existing, fileSha256: row.file_sha256 };
}

const applyEvent = (input: UnitDirectoryJobInput, detail: Record<string, unknown>): AuditEvent => ({
  actorId: input.actor.accountId, actorUsername: input.actor.username, unitId: input.actor.unitId, scopePath: input.actor.scopePath, ip: input.ip,
  action: 'unit_directory.apply', targetType: 'UnitDirectoryImport', targetId: input.importId, detail,
});

const countsOf = (s: PlanSummary): Record<string, number> => ({
  rows: s.rows, ...s.schools, divisionsCreated: s.divisions.create, divisionsRenamed: s.divisions.update,
});

/**
 * The dry run (预检): what the file would create, update, leave and close, stored on the import
 * row (summary and per-row plan) with the row-level error report as the job's file. Nothing in
 * the unit tree changes.
 */
export function unitDirectoryDryRunJob(orm: MikroORM): JobHandler<UnitDirectoryJobInput> {
  return async (_job, input): Promise<JobOutcome> => {
    const em = orm.em.fork();
    try {
      const { plan, existing } = await planImport(em, input.importId);
      await activeTeachers(em, plan, existing);
      const stored = plan.rows.map(({ values: _v, ...r }) => r);
      await knex(em).raw(`update unit_directory_import set status = 'ready', summary = ?::jsonb, plan = ?::jsonb, plan_hash = ?, updated_at = now()
        where id = ? and status = 'checking'`, [JSON.stringify(plan.summary), JSON.stringify(stored), plan.hash, input.importId]);
      return {
        counts: countsOf(plan.summary), processed: plan.summary.rows,
        result: await buildErrorReport(SCHOOL_COLUMNS, plan.invalid),
      };
    } catch (e) {
      await knex(em).raw(`update unit_directory_import set status = 'check_failed', updated_at = now() where id = ? and status = 'checking'`, [input.importId]);
      throw e;
    }
  };
}

/**
 * The apply (执行): in one transaction under the province's lock, the file is planned again and
 * must give exactly the plan the dry run showed (else UNIT_DIRECTORY_STALE); then the units are
 * written, the import marked applied and the audit entry appended. A run cut off before commit
 * leaves nothing, so running it again is safe; a run after a commit finds it applied.
 */
export function unitDirectoryApplyJob(orm: MikroORM): JobHandler<UnitDirectoryJobInput> {
  return async (_job, input): Promise<JobOutcome> => {
    try {
      return await orm.em.fork().transactional(async (tx) => {
        const conn = tx.getConnection();
        const ctx = tx.getTransactionContext();
        const [imp] = await conn.execute<{ status: string; plan_hash: string | null; summary: PlanSummary | null; province_unit_id: string }[]>(
          `select status, plan_hash, summary, province_unit_id from unit_directory_import where id = ? for update`, [input.importId], 'all', ctx);
        if (!imp) throw new AppError('NOT_FOUND_OR_NO_ACCESS');
        if (imp.status === 'applied') return { counts: countsOf(imp.summary!), processed: imp.summary!.rows };
        const [{ seq }] = await conn.execute<{ seq: number }[]>(`select seq from unit where id = ?`, [imp.province_unit_id], 'all', ctx);
        await conn.execute('select pg_advisory_xact_lock(?, ?)', [DIRECTORY_LOCK, seq], 'all', ctx);
        const { plan, province, existing, fileSha256 } = await planImport(tx, input.importId);
        if (plan.invalid.length) throw new AppError('UNIT_DIRECTORY_HAS_ERRORS');
        if (plan.hash !== imp.plan_hash) throw new AppError('UNIT_DIRECTORY_STALE');
        await applyPlan(tx, province, plan, existing);
        await conn.execute(`update unit_directory_import set status = 'applied', applied_at = now(), applied_by = ?, updated_at = now() where id = ?`,
          [input.actor.accountId, input.importId], 'run', ctx);
        await appendAudit(tx, [applyEvent(input, { provinceUnitId: province.id, fileSha256, counts: countsOf(plan.summary) })]);
        const s = plan.summary.schools;
        return { counts: countsOf(plan.summary), processed: s.create + s.update + s.close + plan.summary.divisions.create + plan.summary.divisions.update };
      });
    } catch (e) {
      // Back to 'ready': the dry run still stands (a stale one says so again when tried).
      const em = orm.em.fork();
      await knex(em).raw(`update unit_directory_import set status = 'ready', updated_at = now() where id = ? and status = 'applying'`, [input.importId]);
      await appendAudit(em, [{ ...applyEvent(input, { errorCode: e instanceof AppError ? e.code : 'JOB_FAILED' }), outcome: 'failure' }]).catch(() => undefined);
      throw e;
    }
  };
}
