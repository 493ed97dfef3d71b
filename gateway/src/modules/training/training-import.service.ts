import { AppError } from '../../platform/graphql/errors.js';
import { requireActor, type RequestContext } from '../../platform/graphql/context.js';
import { requireScope } from '../../platform/access/casl-to-filter.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { TrainingEnrolment } from './training.entity.js';
import { TrainingService } from './training.service.js';
import { parseCompleted, parseHours, resultHoursProblem } from './training-rules.js';
import {
  buildTrainingTemplate, cellText, ENROLMENT_COLUMNS, errorReportOf, readTable, RESULT_COLUMNS, rowError, type RowError, type TableRow,
} from './training-excel.js';

export interface ImportOutcome { ok: boolean; rows: number; written: number; errors: RowError[]; errorReport: Buffer | null }

/** Excel for training: enrolment lists and institutions' results. Small files, checked whole, written all or nothing. */
export class TrainingImportService {
  constructor(private readonly ctx: RequestContext) {}

  private readonly training = (): TrainingService => new TrainingService(this.ctx);

  /** Teachers named in the file, looked up by number within the caller's teacher scope (one query). */
  private async teachersByNo(rows: TableRow[]): Promise<Map<string, Teacher>> {
    const numbers = [...new Set(rows.map((r) => cellText(r.cells.teacherNo).toUpperCase()).filter(Boolean))];
    if (numbers.length === 0) return new Map();
    const found = await this.ctx.em.find(Teacher, { $and: [{ teacherNo: { $in: numbers } }, requireScope(this.ctx.ability, 'read', 'Teacher')] } as never);
    return new Map(found.map((t) => [t.teacherNo, t]));
  }

  /** Number, name and duplicate checks shared by both files. */
  private identify(rows: TableRow[], teachers: Map<string, Teacher>, errors: RowError[]): Map<number, Teacher> {
    const seen = new Set<string>();
    const out = new Map<number, Teacher>();
    for (const r of rows) {
      const no = cellText(r.cells.teacherNo).toUpperCase();
      const t = teachers.get(no);
      if (!t) { errors.push(rowError(r.rowNumber, 'teacherNo', 'TRAINING_ROW_TEACHER_UNKNOWN')); continue; }
      if (cellText(r.cells.name) !== t.name) { errors.push(rowError(r.rowNumber, 'name', 'TRAINING_ROW_NAME_MISMATCH')); continue; }
      if (seen.has(t.id)) { errors.push(rowError(r.rowNumber, 'teacherNo', 'TRAINING_ROW_DUPLICATE')); continue; }
      seen.add(t.id);
      out.set(r.rowNumber, t);
    }
    return out;
  }

  private async outcome(columns: typeof ENROLMENT_COLUMNS, rows: TableRow[], errors: RowError[], written: number): Promise<ImportOutcome> {
    errors.sort((a, b) => a.rowNumber - b.rowNumber);
    return { ok: errors.length === 0, rows: rows.length, written, errors, errorReport: errors.length ? await errorReportOf(columns, rows, errors) : null };
  }

  async enrolmentsFromFile(projectId: string, file: Buffer): Promise<ImportOutcome> {
    const actor = requireActor(this.ctx);
    const svc = this.training();
    const project = await svc.project(projectId);
    if (project.status !== 'open') throw new AppError('TRAINING_PROJECT_NOT_OPEN');
    const rows = await readTable(file, ENROLMENT_COLUMNS);
    const errors: RowError[] = [];
    const matched = this.identify(rows, await this.teachersByNo(rows), errors);
    for (const [rowNumber, t] of matched) {
      try {
        svc.checkEnrolable(project, t);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        errors.push(rowError(rowNumber, 'teacherNo', e.code));
      }
    }
    if (errors.length) return this.outcome(ENROLMENT_COLUMNS, rows, errors, 0);
    const written = await svc.writeEnrolments(project, [...matched.values()], actor.accountId);
    return this.outcome(ENROLMENT_COLUMNS, rows, errors, written.length);
  }

  async resultsFromFile(projectId: string, file: Buffer): Promise<ImportOutcome> {
    const svc = this.training();
    const project = await svc.projectForResults(projectId);
    const rows = await readTable(file, RESULT_COLUMNS);
    const errors: RowError[] = [];
    // Institutions may see participants outside their own unit: match against the project's list.
    const enrolled = await this.ctx.em.find(TrainingEnrolment, { projectId: project.id });
    const teachers = enrolled.length ? await this.ctx.em.find(Teacher, { id: { $in: enrolled.map((e) => e.teacherId) } }) : [];
    const matched = this.identify(rows, new Map(teachers.map((t) => [t.teacherNo, t])), errors);
    const open = await svc.openEnrolments(project.id);
    const ready: { enrolment: TrainingEnrolment; completed: boolean; hours: number }[] = [];
    for (const r of rows) {
      const t = matched.get(r.rowNumber);
      if (!t) continue;
      const enrolment = open.get(t.id);
      if (!enrolment) { errors.push(rowError(r.rowNumber, 'teacherNo', 'TRAINING_RESULT_CONFIRMED')); continue; }
      const completed = parseCompleted(r.cells.completed);
      if (completed === undefined) errors.push(rowError(r.rowNumber, 'completed', 'TRAINING_ROW_COMPLETED_INVALID'));
      const hours = parseHours(r.cells.hours);
      if (resultHoursProblem(hours, project.hours)) errors.push(rowError(r.rowNumber, 'hours', 'TRAINING_HOURS_INVALID'));
      else if (completed !== undefined) ready.push({ enrolment, completed, hours });
    }
    if (errors.length) return this.outcome(RESULT_COLUMNS, rows, errors, 0);
    await svc.writeResults(project, ready);
    return this.outcome(RESULT_COLUMNS, rows, errors, ready.length);
  }

  /** The empty enrolment list, or the results sheet pre-filled with a project's participants. */
  async template(kind: 'enrolments' | 'results', projectId: string | null | undefined): Promise<Buffer> {
    requireActor(this.ctx);
    if (kind === 'enrolments') {
      return buildTrainingTemplate('培训报名名单', ENROLMENT_COLUMNS, [], [
        '1. 每行一名教师，填写教师个人标识码与姓名（须与系统一致）；所在学校仅供核对。',
        '2. 只能报名本单位管辖范围内的在职教师；已报名的教师再次上传不会重复报名。',
        '3. 文件中任一行有误时不导入任何数据，并返回错误行号、列和原因。',
      ]);
    }
    if (!projectId) throw new AppError('VALIDATION_FAILED', { field: 'projectId' }, '下载培训结果模板须指定培训项目');
    const svc = this.training();
    const project = await svc.projectForResults(projectId);
    const enrolled = await svc.enrolments(project.id);
    const teachers = enrolled.length ? await this.ctx.em.find(Teacher, { id: { $in: enrolled.map((e) => e.teacherId) } }, { orderBy: { teacherNo: 'asc' } }) : [];
    return buildTrainingTemplate(`培训结果-${project.name}`.replace(/[*?:\\/[\]]/g, '_').slice(0, 31), RESULT_COLUMNS, teachers.map((t) => ({ teacherNo: t.teacherNo, name: t.name })), [
      `项目学时：${project.hours}。“是否完成”填写“是”或“否”；“实际学时”填写0至${project.hours}之间的数字。`,
      '文件中任一行有误时不导入任何数据，并返回错误行号、列和原因；学分确认后不能再修改结果。',
    ]);
  }
}
