import ExcelJS from 'exceljs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../platform/db/sql.js';
import type { Unit } from '../units/unit.entity.js';
import type { Progress } from './campaign.service.js';

export interface MonthlyActivity {
  unitId: string; entered: number; reviewed: number; changeRequests: number; imports: number;
  /** Business modules: cases or credits touching the unit's subtree in the month. */
  transfers: number; rotations: number; training: number; registrations: number;
}

/** Activity of each unit's subtree within one month: entries, review steps, change requests. */
export async function monthlyActivity(em: EntityManager, units: Unit[], month: string): Promise<Map<string, MonthlyActivity>> {
  const from = `${month}-01T00:00:00Z`;
  const next = new Date(Date.parse(from));
  next.setUTCMonth(next.getUTCMonth() + 1);
  const rows = await em.getConnection().execute<{ id: string; entered: string; reviewed: string; changes: string; imports: string; transfers: string; rotations: string; registrations: string; training: string }[]>(`
    with g(id, path) as (select * from unnest(?::uuid[], ?::text[]))
    select g.id,
           (select count(*) from approval_case c where c.type = 'transfer' and c.updated_at >= ? and c.updated_at < ? and ' ' || c.party_paths like '% ' || g.path || '%') as transfers,
           (select count(*) from approval_case c where c.type in ('rotation', 'rotation_transfer') and c.updated_at >= ? and c.updated_at < ? and ' ' || c.party_paths like '% ' || g.path || '%') as rotations,
           (select count(*) from approval_case c where c.type = 'qualification_registration' and c.updated_at >= ? and c.updated_at < ? and ' ' || c.party_paths like '% ' || g.path || '%') as registrations,
           (select count(*) from training_credit k where k.created_at >= ? and k.created_at < ? and k.scope_path like g.path || '%') as training,
           (select count(*) from job j where j.kind = 'teacher_import' and j.status = 'succeeded' and j.scope_path like g.path || '%'
               and j.created_at >= ? and j.created_at < ?) as imports,
           count(distinct r.teacher_id) filter (where r.entered_at >= ? and r.entered_at < ?) as entered,
           count(*) filter (where r.school_approved_at >= ? and r.school_approved_at < ?)
             + count(*) filter (where r.approved_at >= ? and r.approved_at < ?) as reviewed,
           count(*) filter (where r.change_kind <> 'add' and r.entered_at >= ? and r.entered_at < ?) as changes
      from g left join archive_record r on r.scope_path like g.path || '%'
     group by g.id, g.path`,
    [pgArray(units.map((u) => u.id)), pgArray(units.map((u) => u.path)), ...Array.from({ length: 4 }, () => [from, next.toISOString()]).flat(), from, next.toISOString(), from, next.toISOString(), from, next.toISOString(), from, next.toISOString(), from, next.toISOString()]);
  return new Map(rows.map((r) => [r.id, {
    unitId: r.id, entered: Number(r.entered), reviewed: Number(r.reviewed), changeRequests: Number(r.changes), imports: Number(r.imports),
    transfers: Number(r.transfers), rotations: Number(r.rotations), training: Number(r.training), registrations: Number(r.registrations),
  }]));
}

const yes = (n: number): string => (n > 0 ? '是' : '否');

/** The definition the completion figures follow, printed under the table. */
export const UPDATED_NOTE = '注：已完成更新指教师本学段每个必填信息子集在本期内均有录入（填报或提交）或经学校确认无变化；完成率＝已完成更新教师数÷在岗教师数；逾期按所在县（区）另定的截止日期计，未另定的按全省截止日期计。';

/**
 * 教师管理信息系统工作月报表 (seed 001 attachment 3, seed 004 attachment 4) as an .xlsx. `progress`
 * lists the units below and, last, the reporting unit's total.
 */
export async function monthlyReportWorkbook(title: string, unit: Unit, month: string, campaignTitle: string, progress: Progress[], activity: Map<string, MonthlyActivity>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'TMIS';
  const ws = wb.addWorksheet('月报');
  ws.addRow([title]).font = { bold: true, size: 14 };
  const own = progress[progress.length - 1];
  ws.addRow([`填报单位：${unit.name}（${unit.code}）`, '', '', `月份：${month}`, '', `更新工作：${campaignTitle}`, '', '', `截止日期：${own?.deadline ?? ''}`]);
  ws.addRow([]);
  const header = ws.addRow(['单位名称', '单位代码', '在岗教师数', '本月录入教师数', '本月审核记录数', '本期已审核生效教师数', '本期已完成更新教师数', '完成率', '退回记录数', '待审核记录数', '逾期未完成教师数',
    '信息采集模块是否使用', '信息审核模块是否使用', '变更申请模块是否使用', '批量导入模块是否使用',
    '调动模块是否使用', '交流轮岗模块是否使用', '培训学分模块是否使用', '定期注册模块是否使用']);
  header.font = { bold: true };
  for (const p of progress) {
    const a = activity.get(p.unitId) ?? { entered: 0, reviewed: 0, changeRequests: 0, imports: 0, transfers: 0, rotations: 0, training: 0, registrations: 0 };
    const row = ws.addRow([p.unitName, p.unitCode, p.teachers, a.entered, a.reviewed, p.approved, p.updated, p.completion, p.returned, p.pending, p.overdue,
      yes(a.entered), yes(a.reviewed), yes(a.changeRequests), yes(a.imports), yes(a.transfers), yes(a.rotations), yes(a.training), yes(a.registrations)]);
    row.getCell(8).numFmt = '0.0%';
  }
  ws.addRow([]);
  ws.addRow([UPDATED_NOTE]);
  ws.columns.forEach((c, i) => { c.width = i === 0 ? 24 : 14; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
