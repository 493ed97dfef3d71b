import { Migration } from '@mikro-orm/migrations';

/**
 * Sync never lies (issue 12), and sync with several gateway processes.
 *
 * - Province: `sync_outbox.reason` is why a row was not delivered: the national refusal code of a
 *   `rejected` row, the province's own reason for a `skipped` one (never reported), or the code of
 *   the last `retry` answer of a row still pending. `syncStatus` counts by it, `syncRejections`
 *   lists it.
 * - National: `sync_applied` also records what each change was (kind, unit or teacher id, teacher
 *   version) and the refusal code. A teacher version is applied at most once, whatever the change
 *   id it came under and however many gateway processes receive the push (unique index); units
 *   the national side refused are known by id, so what hangs below them is refused too instead of
 *   waiting forever.
 */
export class Migration20261206100000SyncAccountable extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table sync_outbox add column reason varchar(40) null;`);
    this.addSql(`create index sync_outbox_refused on sync_outbox (delivered_at desc, seq desc) where outcome in ('rejected', 'skipped');`);
    this.addSql(`alter table sync_applied add column kind varchar(10) null, add column ref_id uuid null, add column version int null, add column code varchar(40) null;`);
    this.addSql(`create unique index sync_applied_teacher_version_once on sync_applied (ref_id, version) where kind = 'teacher' and outcome = 'applied';`);
    this.addSql(`create index sync_applied_refused_unit on sync_applied (province_code, ref_id) where kind = 'unit' and outcome = 'rejected';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists sync_applied_refused_unit; drop index if exists sync_applied_teacher_version_once; drop index if exists sync_outbox_refused;`);
    this.addSql(`alter table sync_applied drop column if exists kind, drop column if exists ref_id, drop column if exists version, drop column if exists code;`);
    this.addSql(`alter table sync_outbox drop column if exists reason;`);
  }
}
