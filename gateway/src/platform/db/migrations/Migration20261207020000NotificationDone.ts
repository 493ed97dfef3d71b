import { Migration } from '@mikro-orm/migrations';

/**
 * Notices that close (issue 13): a "waiting for you" notice (`step_waiting`) is done once its step
 * is handled — by anyone holding the post — or the case is withdrawn, returned or cancelled.
 */
export class Migration20261207020000NotificationDone extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table notification add column done_at timestamptz null;`);
    this.addSql(`update notification n set done_at = c.updated_at from approval_case c
      where n.case_id = c.id and n.kind = 'step_waiting' and (c.status <> 'in_progress' or n.created_at < c.updated_at);`);
    this.addSql(`create index notification_waiting on notification (case_id) where kind = 'step_waiting' and done_at is null;`);
  }
}
