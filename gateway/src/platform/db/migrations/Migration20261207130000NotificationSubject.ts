import { Migration } from '@mikro-orm/migrations';

/**
 * Notices about things that are not approval cases (issue 13.5): a returned record, a decided
 * change request, a status change, a spot check's correction task. They name their subject so
 * the portal can open it, and a task notice is closed (done_at) when its subject is handled.
 */
export class Migration20261207130000NotificationSubject extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table notification add column subject_type varchar(40) null, add column subject_id uuid null;`);
    this.addSql(`create index notification_open_task on notification (subject_type, subject_id) where done_at is null and subject_id is not null;`);
  }
}
