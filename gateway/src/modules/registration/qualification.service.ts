import { AppError } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { scopeFilter } from '../../platform/access/casl-to-filter.js';
import { ArchiveService } from '../archive/archive.service.js';
import type { ArchiveRecord } from '../archive/archive-record.entity.js';

export interface QualificationInput { teacherId: string; type: string; subject?: string | null; certificateNo: string; issuer?: string | null; issueDate?: string | null }

export interface QualificationView {
  record: ArchiveRecord;
  lastResult: string | null;
  lastDecidedAt: Date | null;
  validUntil: string | null;
  inProgress: boolean;
}

/**
 * 教师资格 are the archive's `qualification` set: entered and reviewed like any record (an
 * authority's entry is effective at once). This adds the certificate-number check and the
 * registration state of each qualification.
 */
export class QualificationService {
  constructor(private readonly ctx: RequestContext) {}

  async record(input: QualificationInput): Promise<ArchiveRecord> {
    requireActor(this.ctx);
    const certificateNo = input.certificateNo?.trim();
    if (certificateNo) {
      // Checked across the whole system: one certificate belongs to one person.
      const [taken] = await this.ctx.em.getConnection().execute<{ n: number }[]>(
        `select count(*)::int as n from archive_record where info_set = 'qualification' and data->>'certificateNo' = ?
            and ((status = 'effective' and valid_to is null and change_kind <> 'delete') or status in ('draft', 'submitted', 'school_approved', 'returned'))`, [certificateNo]);
      if (taken!.n > 0) throw new AppError('QUALIFICATION_CERTIFICATE_TAKEN');
    }
    const data = Object.fromEntries(Object.entries({
      type: input.type, subject: input.subject, certificateNo, issuer: input.issuer, issueDate: input.issueDate,
    }).filter(([, v]) => v != null && v !== ''));
    return new ArchiveService(this.ctx).save({ teacherId: input.teacherId, infoSet: 'qualification', data, submit: true });
  }

  /** The teacher's current qualifications with their registration state (when the caller may see registrations). */
  async list(teacherId: string): Promise<QualificationView[]> {
    requirePrincipal(this.ctx);
    const records = await new ArchiveService(this.ctx).archive(teacherId, null, ['qualification']);
    const current = records.filter((r) => !r.validTo);
    const mayRead = scopeFilter(this.ctx.ability, 'read', 'QualificationRegistration') !== null;
    const state = new Map<string, { status: string; decided_at: Date | null; valid_until: string | null; open: boolean }>();
    if (mayRead && current.length) {
      const rows = await this.ctx.em.getConnection().execute<{ certificate_no: string; status: string; decided_at: Date | string | null; valid_until: string | null; open: boolean }[]>(
        `select distinct on (certificate_no) certificate_no, status, decided_at, to_char(valid_until, 'YYYY-MM-DD') as valid_until,
                exists (select 1 from registration_application o join approval_case c on c.id = (select case_id from registration_batch b where b.id = o.batch_id)
                         where o.teacher_id = a.teacher_id and o.certificate_no = a.certificate_no and o.status = 'in_review' and c.status = 'in_progress') as open
           from registration_application a where teacher_id = ? order by certificate_no, (status in ('registered', 'deferred', 'refused')) desc, decided_at desc nulls last`, [teacherId]);
      // Raw SQL answers timestamptz as text (the ORM's driver leaves dates to hydration): a Date for the DateTime scalar.
      for (const r of rows) state.set(r.certificate_no, { ...r, decided_at: r.decided_at == null ? null : new Date(r.decided_at) });
    }
    return current.map((record) => {
      const s = state.get(String(record.data.certificateNo));
      const decided = s && s.status !== 'in_review' && s.status !== 'returned';
      return { record, lastResult: decided ? s!.status : null, lastDecidedAt: decided ? s!.decided_at : null, validUntil: decided ? s!.valid_until : null, inProgress: Boolean(s?.open) };
    });
  }
}
