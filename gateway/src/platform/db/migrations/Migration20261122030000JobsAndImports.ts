import { Migration } from '@mikro-orm/migrations';

/**
 * Background jobs (platform) and the problem-data queue of the teacher import: rows that failed
 * the ID check or the duplicate check, kept for the school and its authorities to resolve.
 */
export class Migration20261122030000JobsAndImports extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "job" (
      "id" uuid not null primary key, "kind" varchar(40) not null, "status" varchar(12) not null default 'queued',
      "progress" real not null default 0, "total" int null, "processed" int not null default 0, "counts" jsonb null,
      "created_by" uuid null references "account" ("id") on delete set null, "unit_id" uuid null references "unit" ("id") on delete restrict,
      "scope_path" text null, "created_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null,
      "error_code" varchar(40) null, "error" text null, "result" bytea null, "input_hash" varchar(64) null,
      constraint job_status_check check (status in ('queued', 'running', 'succeeded', 'failed')));`);
    this.addSql(`create index "job_kind_created_at_index" on "job" ("kind", "created_at");`);
    this.addSql(`create index job_scope_prefix on job (scope_path text_pattern_ops, created_at);`);
    this.addSql(`create index job_created_by on job (created_by, created_at);`);
    // Startup recovery looks only at unfinished jobs.
    this.addSql(`create index job_unfinished on job (status) where status in ('queued', 'running');`);

    this.addSql(`create table "problem_record" (
      "id" uuid not null primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1,
      "job_id" uuid null references "job" ("id") on delete restrict, "school_id" uuid null references "unit" ("id") on delete restrict,
      "scope_path" text not null, "row_number" int null, "kind" varchar(24) not null, "raw" jsonb not null,
      "id_type" varchar(4) null, "id_number_enc" bytea null, "reason_code" varchar(40) not null,
      "status" varchar(12) not null default 'open', "resolved_by" uuid null, "resolved_at" timestamptz null, "note" varchar(500) null,
      "teacher_id" uuid null references "teacher" ("id") on delete restrict, "fingerprint" bytea not null,
      constraint problem_record_kind_check check (kind in ('id_check', 'duplicate_in_file', 'duplicate_in_database')),
      constraint problem_record_status_check check (status in ('open', 'resolved', 'dismissed')));`);
    this.addSql(`create index problem_record_scope on problem_record (scope_path text_pattern_ops, status, created_at);`);
    // Re-uploading the same file must not queue the same problem twice.
    this.addSql(`create unique index problem_record_open_once on problem_record (fingerprint) where status = 'open';`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists problem_record, job cascade;');
  }
}
