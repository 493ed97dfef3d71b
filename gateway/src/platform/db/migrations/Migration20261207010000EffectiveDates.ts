import { Migration } from '@mikro-orm/migrations';

/**
 * Effective dates (issue 13): an approved transfer, or rotation with a change of personnel
 * relationship, whose date is still ahead is `scheduled`; the effective-dates task moves it on the
 * day. A scheduled case still counts as the teacher's one open mobility case.
 */
export class Migration20261207010000EffectiveDates extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table transfer drop constraint transfer_status_check,
      add constraint transfer_status_check check (status in ('in_progress', 'scheduled', 'completed', 'returned', 'withdrawn', 'cancelled'));`);
    this.addSql(`alter table rotation drop constraint rotation_status_check,
      add constraint rotation_status_check check (status in ('in_progress', 'scheduled', 'approved', 'returned', 'withdrawn', 'cancelled'));`);
    this.addSql(`drop index transfer_one_open;`);
    this.addSql(`create unique index transfer_one_open on transfer (teacher_id) where status in ('in_progress', 'scheduled');`);
    this.addSql(`drop index rotation_one_open;`);
    this.addSql(`create unique index rotation_one_open on rotation (teacher_id) where status in ('in_progress', 'scheduled');`);
    this.addSql(`create index transfer_due on transfer (effective_date) where status = 'scheduled';`);
  }
}
