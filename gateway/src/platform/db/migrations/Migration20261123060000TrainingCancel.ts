import { Migration } from '@mikro-orm/migrations';

/** Training projects registered by mistake can be cancelled by their owner, with the reason kept. */
export class Migration20261123060000TrainingCancel extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table training_project drop constraint training_project_status;`);
    this.addSql(`alter table training_project add constraint training_project_status check (status in ('pending_approval', 'open', 'cancelled'));`);
    this.addSql(`alter table training_project add column cancel_reason varchar(500) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table training_project drop column if exists cancel_reason;`);
    this.addSql(`alter table training_project drop constraint training_project_status;`);
    this.addSql(`alter table training_project add constraint training_project_status check (status in ('pending_approval', 'open'));`);
  }
}
