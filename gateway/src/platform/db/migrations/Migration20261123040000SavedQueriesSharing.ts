import { Migration } from '@mikro-orm/migrations';

/** Saved report queries (分析查询) and data sharing (信息共享): applications, credentials, every use. */
export class Migration20261123040000SavedQueriesSharing extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table saved_query (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      name varchar(100) not null, description varchar(500) null, query text not null, variables jsonb not null default '{}',
      visibility varchar(16) not null check (visibility in ('private', 'unit')),
      owner_account_id uuid not null references account (id), owner_username varchar(32) not null,
      owner_unit_id uuid not null references unit (id), scope_path text not null, deleted_at timestamptz null);`);
    this.addSql(`create unique index saved_query_owner_name on saved_query (owner_account_id, name) where deleted_at is null;`);
    // Shared queries are looked up by the exact paths of the caller's unit and its ancestors.
    this.addSql(`create index saved_query_shared on saved_query (scope_path) where visibility = 'unit' and deleted_at is null;`);

    this.addSql(`create table data_sharing_application (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      department_name varchar(100) not null, department_code varchar(18) null, contact_name varchar(60) not null, contact_phone varchar(20) not null,
      purpose varchar(500) not null check (char_length(btrim(purpose)) >= 4), fields text[] not null,
      scope_unit_id uuid not null references unit (id), scope_path text not null,
      authority_unit_id uuid not null references unit (id), authority_path text not null,
      filed_by uuid not null references account (id), starts_at timestamptz not null, expires_at timestamptz not null check (expires_at > starts_at),
      status varchar(16) not null default 'pending', case_id uuid null references approval_case (id), approved_at timestamptz null,
      revoked_at timestamptz null, revoke_reason varchar(500) null,
      credential_hash bytea null unique, credential_issued_at timestamptz null);`);
    this.addSql(`create index data_sharing_application_authority on data_sharing_application (authority_path text_pattern_ops, created_at);`);

    this.addSql(`create table data_sharing_use (
      id uuid primary key, application_id uuid not null references data_sharing_application (id), at timestamptz not null,
      channel varchar(16) not null, outcome varchar(16) not null check (outcome in ('success', 'refused')), code varchar(40) null,
      row_count int not null default 0, fields text[] not null default '{}', ip varchar(64) null);`);
    this.addSql(`create index data_sharing_use_application on data_sharing_use (application_id, at);`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists data_sharing_use;');
    this.addSql('drop table if exists data_sharing_application;');
    this.addSql('drop table if exists saved_query;');
  }
}
