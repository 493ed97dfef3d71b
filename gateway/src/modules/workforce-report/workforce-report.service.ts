import type { EntityManager } from '@mikro-orm/postgresql';
import { codeName, isAdministrativeLevel, todayInChina, yearInChina, type CodeListId } from '@tmis/shared';
import { AppError } from '../../platform/graphql/errors.js';
import { requireActor, type RequestContext } from '../../platform/graphql/context.js';
import { requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { UnitService } from '../units/unit.service.js';
import type { Unit } from '../units/unit.entity.js';
import type { WorkforceBucket, WorkforceChanges, WorkforceRegistrations, WorkforceReport, WorkforceTraining } from './workforce-report.types.js';

const FIRST_YEAR = 2000;
/** National rule for primary/secondary teachers: 360 hours per five-year cycle (domain §6). */
export const ANNUAL_HOURS_TARGET = 72;
/** Info sets holding training hours and credits: `training` (training module) and the archive's 国内培训. */
const TRAINING_SETS = ['training', 'domestic_training'];
const COLLECTED = `('active', 'long_absence')`;

export const AGE_BANDS: readonly { key: string; label: string; max: number | null }[] = [
  { key: 'under_30', label: '30岁以下', max: 29 },
  { key: '30_39', label: '30-39岁', max: 39 },
  { key: '40_49', label: '40-49岁', max: 49 },
  { key: '50_59', label: '50-59岁', max: 59 },
  { key: '60_plus', label: '60岁及以上', max: null },
];

const num = (v: unknown): number => Number(v ?? 0);
const DIM_LIST: Record<string, CodeListId | null> = { title: 'professionalTitle', education: 'educationLevel', gender: 'gender', stage: 'stage', age: null };

/**
 * 教师队伍建设报告 (seed 000 art. 29): structure, the year's changes, training and registrations
 * of one authority's subtree. Everything is counted in SQL over the subtree's unit path.
 */
export class WorkforceReportService {
  constructor(private readonly ctx: RequestContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  async build(unitId: string, year: number): Promise<WorkforceReport> {
    const actor = requireActor(this.ctx);
    const p = this.ctx.principal!;
    // Authorities' information admins and query users (domain §7); everyone else: FORBIDDEN.
    if (!(p.role === 'info_admin' || p.role === 'query_user') || !isAdministrativeLevel(p.unitLevel)) throw new AppError('FORBIDDEN');
    requireScope(this.ctx.ability, 'read', 'Teacher');
    const thisYear = yearInChina();
    if (!Number.isInteger(year) || year < FIRST_YEAR || year > thisYear) throw new AppError('REPORT_YEAR_INVALID', { year, min: FIRST_YEAR, max: thisYear });
    const unit = await new UnitService(this.ctx).get(unitId);
    if (!isAdministrativeLevel(unit.level)) throw new AppError('REPORT_UNIT_NOT_AUTHORITY', { level: unit.level });

    const asOf = year < thisYear ? `${year}-12-31` : todayInChina();
    const like = `${unit.path}%`;
    const { teachers, longAbsence, dims } = await this.structure(like, asOf);
    const changes = await this.changes(like, year);
    const training = await this.training(like, year, teachers);
    const registrations = await this.registrations(like, year);
    const bucket = (dim: string): WorkforceBucket[] => dims.get(dim) ?? [];
    const report: WorkforceReport = {
      unitId: unit.id, unitName: unit.name, unitCode: unit.code, unitLevel: unit.level, year, asOf, generatedAt: new Date(), teachers, longAbsence,
      byAgeBand: AGE_BANDS.map((b) => bucket('age').find((x) => x.key === b.key) ?? { key: b.key, label: b.label, count: 0, share: 0 }),
      byTitle: bucket('title'), byEducation: bucket('education'), byGender: bucket('gender'), byStage: bucket('stage'),
      changes, training, registrations, notes: notes(unit, asOf, changes.mobilityTracked),
    };
    await appendAudit(this.em, [actorEvent(this.ctx, { action: 'report.workforce', targetType: 'Unit', targetId: unit.id, detail: { year, by: actor.username } })]);
    return report;
  }

  private async structure(like: string, asOf: string): Promise<{ teachers: number; longAbsence: number; dims: Map<string, WorkforceBucket[]> }> {
    const bandSql = AGE_BANDS.map((b) => (b.max === null ? `else '${b.key}'` : `when a <= ${b.max} then '${b.key}'`)).join(' ');
    const rows = await this.em.getConnection().execute<{ dim: string; key: string; n: string }[]>(`
      with t as (
        select case ${bandSql} end as age_band, coalesce(professional_title, '') as title, coalesce(education_level, '') as education,
               gender, coalesce(stage, '') as stage, employment_status
          from (select *, date_part('year', age(?::date, birth_date))::int as a from teacher
                 where scope_path like ? and employment_status in ${COLLECTED}) x)
      select 'age' as dim, age_band as key, count(*) as n from t group by age_band
      union all select 'title', title, count(*) from t group by title
      union all select 'education', education, count(*) from t group by education
      union all select 'gender', gender, count(*) from t group by gender
      union all select 'stage', stage, count(*) from t group by stage
      union all select 'status', employment_status, count(*) from t group by employment_status`, [asOf, like]);
    const status = rows.filter((r) => r.dim === 'status');
    const teachers = status.reduce((s, r) => s + num(r.n), 0);
    const longAbsence = num(status.find((r) => r.key === 'long_absence')?.n);
    const dims = new Map<string, WorkforceBucket[]>();
    for (const r of rows) {
      if (r.dim === 'status') continue;
      const list = DIM_LIST[r.dim];
      const label = r.dim === 'age' ? AGE_BANDS.find((b) => b.key === r.key)!.label : r.key === '' ? '未填写' : (list && codeName(list, r.key)) || r.key;
      dims.set(r.dim, [...(dims.get(r.dim) ?? []), { key: r.key, label, count: num(r.n), share: teachers ? num(r.n) / teachers : 0 }]);
    }
    // Largest first; "not filled in" last.
    for (const [dim, list] of dims) if (dim !== 'age') list.sort((a, b) => (a.key === '') !== (b.key === '') ? (a.key === '' ? 1 : -1) : b.count - a.count || a.key.localeCompare(b.key));
    return { teachers, longAbsence, dims };
  }

  private async changes(like: string, year: number): Promise<WorkforceChanges> {
    const conn = this.em.getConnection();
    const [from, to] = [`${year}-01-01`, `${year}-12-31`];
    // The year in China time, for timestamps.
    const [fromTs, toTs] = [`${year}-01-01T00:00:00+08:00`, `${year + 1}-01-01T00:00:00+08:00`];
    const [probe] = await conn.execute<{ transfer: boolean; rotation: boolean; start_reason: boolean }[]>(`
      select to_regclass('transfer') is not null as transfer, to_regclass('rotation') is not null as rotation,
             exists (select 1 from information_schema.columns where table_name = 'employment' and column_name = 'start_reason' and table_schema = current_schema()) as start_reason`);
    // Hires: employments begun in the year that a transfer or rotation did not start.
    const notMoved = [
      probe!.start_reason ? 'and e.start_reason is null' : '',
      probe!.transfer ? `and not exists (select 1 from transfer tr where tr.teacher_id = e.teacher_id and tr.to_school_id = e.school_id and tr.status = 'completed'
                          and tr.completed_at >= '${fromTs}' and tr.completed_at < '${toTs}')` : '',
    ].join(' ');
    const [hires] = await conn.execute<{ n: string }[]>(`
      select count(distinct e.teacher_id) as n from employment e join unit s on s.id = e.school_id
       where s.path like ? and e.start_date between ? and ? ${notMoved}`, [like, from, to]);
    const left = await conn.execute<{ to_status: string | null; n: string }[]>(`
      select to_status, count(distinct teacher_id) as n from status_change
       where scope_path like ? and effective_date between ? and ? and to_status in ('resigned', 'retired', 'deceased')
       group by grouping sets ((to_status), ())`, [like, from, to]);
    const leftBy = (s: string | null): number => num(left.find((r) => r.to_status === s)?.n);
    const out: WorkforceChanges = {
      hires: num(hires?.n), departures: leftBy(null), resigned: leftBy('resigned'), retired: leftBy('retired'), deceased: leftBy('deceased'),
      transfersIn: 0, transfersOut: 0, transfersWithin: 0, rotationsOut: 0, rotationsIn: 0, rotationsWithin: 0, rotationsWithPersonnelChange: 0,
      mobilityTracked: probe!.transfer && probe!.rotation,
    };
    if (probe!.transfer) {
      // Rotations with a change of personnel relationship also write a transfer (kind 'rotation'): counted under rotations only.
      const [t] = await conn.execute<Record<string, string>[]>(`
        select count(*) filter (where t_in and not f_in) as i, count(*) filter (where f_in and not t_in) as o, count(*) filter (where f_in and t_in) as w
          from (select to_scope_path like ? as t_in, from_scope_path like ? as f_in from transfer
                 where kind = 'transfer' and status = 'completed' and completed_at >= ? and completed_at < ?) x`, [like, like, fromTs, toTs]);
      Object.assign(out, { transfersIn: num(t?.i), transfersOut: num(t?.o), transfersWithin: num(t?.w) });
    }
    if (probe!.rotation) {
      const [r] = await conn.execute<Record<string, string>[]>(`
        select count(*) filter (where r_in and not s_in) as i, count(*) filter (where s_in and not r_in) as o, count(*) filter (where s_in and r_in) as w,
               count(*) filter (where (s_in or r_in) and personnel_change) as pc
          from (select receiving_scope_path like ? as r_in, sending_scope_path like ? as s_in, personnel_change from rotation
                 where status = 'approved' and start_date between ? and ?) x`, [like, like, from, to]);
      Object.assign(out, { rotationsIn: num(r?.i), rotationsOut: num(r?.o), rotationsWithin: num(r?.w), rotationsWithPersonnelChange: num(r?.pc) });
    }
    return out;
  }

  private async training(like: string, year: number, teachers: number): Promise<WorkforceTraining> {
    const decimal = (field: string): string => `case when r.data->>'${field}' ~ '^[0-9]+([.][0-9]+){0,1}$' then (r.data->>'${field}')::numeric else 0 end`;
    const [row] = await this.em.getConnection().execute<Record<string, string>[]>(`
      with per as (
        select r.teacher_id, sum(${decimal('hours')}) as hours, sum(${decimal('credits')}) as credits
          from archive_record r join teacher t on t.id = r.teacher_id
         where r.info_set in (${TRAINING_SETS.map(() => '?').join(', ')}) and r.status = 'effective' and r.valid_to is null
           and t.scope_path like ? and t.employment_status in ${COLLECTED}
           and coalesce(substr(r.data->>'endDate', 1, 4), substr(r.data->>'startDate', 1, 4), r.data->>'year') = ?
         group by r.teacher_id)
      select count(*) as trained, coalesce(sum(hours), 0) as hours, coalesce(sum(credits), 0) as credits,
             count(*) filter (where hours >= ?) as meeting from per`, [...TRAINING_SETS, like, String(year), ANNUAL_HOURS_TARGET]);
    const trained = num(row?.trained);
    return {
      trainedTeachers: trained, completionRate: teachers ? trained / teachers : 0, totalHours: num(row?.hours), totalCredits: num(row?.credits),
      teachersMeetingTarget: num(row?.meeting), annualHoursTarget: ANNUAL_HOURS_TARGET,
    };
  }

  /**
   * Due in the year: the latest registration record's cycle ends in it; without any registration
   * record, a qualification certificate issued a multiple of five years before (5-year cycle).
   */
  private async registrations(like: string, year: number): Promise<WorkforceRegistrations> {
    const [row] = await this.em.getConnection().execute<Record<string, string>[]>(`
      with q as (
        select r.teacher_id, r.info_set, r.data from archive_record r join teacher t on t.id = r.teacher_id
         where r.info_set in ('qualification', 'qualification_registration') and r.status = 'effective' and r.valid_to is null
           and t.scope_path like ? and t.employment_status in ${COLLECTED}),
      reg as (
        select teacher_id, max((data->>'cycleEndYear')::int) as end_year from q
         where info_set = 'qualification_registration' and data->>'cycleEndYear' ~ '^[0-9]{4}$' group by teacher_id),
      iss as (
        select distinct teacher_id from q
         where info_set = 'qualification' and data->>'issueDate' ~ '^[0-9]{4}-'
           and teacher_id not in (select teacher_id from reg)
           and ?::int > substr(data->>'issueDate', 1, 4)::int and mod(?::int - substr(data->>'issueDate', 1, 4)::int, 5) = 0)
      select (select count(*) from reg where end_year = ?) as reg, (select count(*) from iss) as iss`, [like, year, year, year]);
    const reg = num(row?.reg);
    const iss = num(row?.iss);
    return { due: reg + iss, fromRegistrationRecords: reg, fromQualificationDates: iss };
  }
}

function notes(unit: Unit, asOf: string, mobility: boolean): string[] {
  return [
    `统计范围：${unit.name}及所属单位的在岗教师（含长期不在岗，不含已离职、退休、去世人员）；结构为报告生成时的数据，年龄按${asOf}计算。`,
    '新入职：当年开始的任职，不含调动和交流轮岗调入；减少：当年生效的离职、退休、去世（按人计）。',
    mobility ? '调动：当年办结的调动；交流轮岗：当年开始且已审批通过的交流轮岗。' : '调动、交流轮岗功能尚未启用，相关数字为0。',
    `培训：当年已生效的培训研修记录（学时、学分）；年度学时目标按五年360学时折合每年${ANNUAL_HOURS_TARGET}学时。`,
    '定期注册：以定期注册记录的注册周期截止年度为准；无注册记录的，按教师资格证书颁发日期每五年一个周期推算。',
  ];
}
