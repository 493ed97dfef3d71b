import { Migration } from '@mikro-orm/migrations';

/** History of employment status changes (在职状态变动) with their effective dates. */
export class Migration20261122060000StatusChanges extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table status_change (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      teacher_id uuid not null references teacher (id), employment_id uuid not null references employment (id),
      scope_path text not null, from_status varchar(20) not null, to_status varchar(20) not null,
      effective_date date not null, reason varchar(500) null, changed_by uuid not null);`);
    this.addSql(`create index status_change_teacher on status_change (teacher_id, effective_date);`);
    this.addSql(`create index status_change_scope on status_change (scope_path text_pattern_ops, effective_date);`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists status_change;');
  }
}
