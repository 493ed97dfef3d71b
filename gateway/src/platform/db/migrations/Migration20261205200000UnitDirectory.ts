import { Migration } from '@mikro-orm/migrations';

/**
 * The unit directory import (issue 12): a closed school keeps its row and its teachers, with the
 * day it was closed; each uploaded school list is kept with its dry-run plan until it is applied,
 * so the apply job (on any process) reads the same file the dry run showed.
 */
export class Migration20261205200000UnitDirectory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table unit add column closed_on date null;`);
    this.addSql(`create table unit_directory_import (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      province_unit_id uuid not null references unit (id) on update cascade on delete restrict,
      scope_path text not null, created_by uuid null, file bytea not null, file_sha256 varchar(64) not null, file_bytes int not null,
      status varchar(12) not null default 'checking'
        constraint unit_directory_import_status check (status in ('checking', 'check_failed', 'ready', 'applying', 'applied')),
      dry_run_job_id uuid null, apply_job_id uuid null, summary jsonb null, plan jsonb null, plan_hash varchar(64) null,
      applied_at timestamptz null, applied_by uuid null);`);
    this.addSql(`create index unit_directory_import_province on unit_directory_import (province_unit_id, created_at desc);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists unit_directory_import;`);
    this.addSql(`alter table unit drop column if exists closed_on;`);
  }
}
