import { Migration } from '@mikro-orm/migrations';

/**
 * The review chain and history of archive records: who submitted, reviewed, returned; change
 * and delete requests that supersede an effective record; system-time validity for as-of reads;
 * province-defined indicators.
 */
export class Migration20261122005000ArchiveReview extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table archive_record
      add column scope_path text,
      add column origin varchar(16) not null default 'school',
      add column change_kind varchar(8) not null default 'add',
      add column supersedes_id uuid null references archive_record (id),
      add column change_reason varchar(500) null,
      add column submitted_by uuid null, add column submitted_at timestamptz null,
      add column school_approved_by uuid null, add column school_approved_at timestamptz null,
      add column returned_by uuid null, add column returned_at timestamptz null, add column return_reason varchar(500) null,
      add column valid_from timestamptz null, add column valid_to timestamptz null;`);
    this.addSql(`update archive_record r set scope_path = t.scope_path,
      valid_from = case when r.status = 'effective' then coalesce(r.approved_at, r.created_at) end
      from teacher t where t.id = r.teacher_id;`);
    this.addSql(`alter table archive_record alter column scope_path set not null;`);
    this.addSql(`create index archive_record_scope_status on archive_record (scope_path text_pattern_ops, status);`);
    this.addSql(`create index archive_record_status_set on archive_record (status, info_set);`);
    this.addSql(`create index archive_record_current on archive_record (teacher_id, info_set) where status = 'effective' and valid_to is null;`);
    // At most one pending change per effective record.
    this.addSql(`create unique index archive_record_one_pending_change on archive_record (supersedes_id) where status in ('draft', 'submitted', 'school_approved', 'returned') and supersedes_id is not null;`);
    this.addSql(`create table indicator_definition (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      province_code varchar(6) not null, code varchar(40) not null, label varchar(60) not null, label_en varchar(80) null,
      type varchar(10) not null, code_items jsonb null, required boolean not null default false,
      school_types text[] null, teacher_editable boolean not null default false, status varchar(10) not null default 'active',
      created_by uuid null, constraint indicator_definition_code unique (province_code, code));`);
    this.addSql(`alter table teacher add column indicators jsonb not null default '{}';`);
    this.addSql(`create index teacher_indicators on teacher using gin (indicators jsonb_path_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists teacher_indicators; alter table teacher drop column if exists indicators; drop table if exists indicator_definition;');
    this.addSql(`alter table archive_record drop column scope_path, drop column origin, drop column change_kind, drop column supersedes_id, drop column change_reason,
      drop column submitted_by, drop column submitted_at, drop column school_approved_by, drop column school_approved_at, drop column returned_by,
      drop column returned_at, drop column return_reason, drop column valid_from, drop column valid_to;`);
  }
}
