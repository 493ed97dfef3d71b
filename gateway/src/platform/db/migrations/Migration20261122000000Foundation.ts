import { Migration } from '@mikro-orm/migrations';

/**
 * The foundation schema: units, teachers and employments, archive records, accounts, sessions,
 * change requests and the audit chain. Generated from the entities, then completed by hand with
 * what the entities cannot say: prefix indexes, sequences, partial unique indexes, the
 * append-only trigger.
 */
export class Migration20261122000000Foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "audit_entry" ("seq" bigserial primary key, "at" timestamptz not null, "actor_id" uuid null, "actor_username" varchar(32) null, "unit_id" uuid null, "scope_path" text null, "action" varchar(60) not null, "target_type" varchar(40) null, "target_id" varchar(80) null, "outcome" varchar(12) not null, "detail" jsonb null, "ip" varchar(64) null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null);`);
    this.addSql(`create index "audit_entry_at_index" on "audit_entry" ("at");`);
    this.addSql(`create index "audit_entry_scope_path_index" on "audit_entry" ("scope_path");`);
    this.addSql(`create table "unit" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "seq" int not null, "code" varchar(20) not null, "name" varchar(120) not null, "level" varchar(16) not null, "parent_id" uuid null, "path" text not null, "depth" smallint not null, "school_type" varchar(3) null, "stage" varchar(32) null, "sponsor_type" varchar(32) null, "urban_rural_type" varchar(32) null, "address" varchar(200) null, "status" varchar(8) not null default 'active', constraint "unit_pkey" primary key ("id"));`);
    this.addSql(`alter table "unit" add constraint "unit_seq_unique" unique ("seq");`);
    this.addSql(`alter table "unit" add constraint "unit_code_unique" unique ("code");`);
    this.addSql(`create index "unit_level_index" on "unit" ("level");`);
    this.addSql(`create table "teacher" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "teacher_no" varchar(20) not null, "name" varchar(60) not null, "gender" varchar(1) not null, "birth_date" date not null, "ethnicity" varchar(2) null, "political_status" varchar(2) null, "id_type" varchar(4) not null, "id_number_enc" bytea not null, "id_number_hash" bytea not null, "id_number_masked" varchar(40) not null, "education_level" varchar(32) null, "professional_title" varchar(32) null, "unit_id" uuid not null, "school_id" uuid not null, "scope_path" text not null, "stage" varchar(32) null, "employment_status" varchar(20) not null default 'active', "staff_category" varchar(32) null, "establishment_status" varchar(32) null, "post_category" varchar(32) null, "hire_date" date null, "created_by" uuid null, constraint "teacher_pkey" primary key ("id"));`);
    this.addSql(`alter table "teacher" add constraint "teacher_teacher_no_unique" unique ("teacher_no");`);
    this.addSql(`create index "teacher_name_index" on "teacher" ("name");`);
    this.addSql(`alter table "teacher" add constraint "teacher_id_number_hash_unique" unique ("id_number_hash");`);
    this.addSql(`create index "teacher_professional_title_index" on "teacher" ("professional_title");`);
    this.addSql(`create table "archive_record" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "teacher_id" uuid not null, "info_set" varchar(40) not null, "data" jsonb not null, "status" varchar(16) not null default 'draft', "effective_from" date null, "effective_to" date null, "entered_by" uuid null, "entered_at" timestamptz null, "approved_by" uuid null, "approved_at" timestamptz null, constraint "archive_record_pkey" primary key ("id"));`);
    this.addSql(`create index "archive_record_teacher_id_info_set_index" on "archive_record" ("teacher_id", "info_set");`);
    this.addSql(`create table "employment" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "teacher_id" uuid not null, "school_id" uuid not null, "department_id" uuid null, "staff_category" varchar(32) null, "establishment_status" varchar(32) null, "post_category" varchar(32) null, "employment_status" varchar(20) not null, "start_date" date not null, "end_date" date null, "end_reason" varchar(40) null, "created_by" uuid null, constraint "employment_pkey" primary key ("id"));`);
    this.addSql(`create index "employment_teacher_id_start_date_index" on "employment" ("teacher_id", "start_date");`);
    this.addSql(`create table "account" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "username" varchar(32) not null, "real_name" varchar(60) not null, "id_number_enc" bytea null, "id_number_hash" bytea null, "id_number_masked" varchar(40) null, "phone" varchar(20) null, "email" varchar(120) null, "unit_id" uuid not null, "scope_path" text not null, "unit_level" varchar(16) not null, "role" varchar(24) not null, "teacher_id" uuid null, "status" varchar(12) not null default 'active', "password_hash" text not null, "must_change_password" boolean not null default true, "password_changed_at" timestamptz null, "failed_login_count" smallint not null default 0, "locked_until" timestamptz null, "last_login_at" timestamptz null, "cert_fingerprint" varchar(100) null, "cert_status" varchar(10) not null default 'none', "created_by" uuid null, constraint "account_pkey" primary key ("id"));`);
    this.addSql(`alter table "account" add constraint "account_username_unique" unique ("username");`);
    this.addSql(`create index "account_id_number_hash_index" on "account" ("id_number_hash");`);
    this.addSql(`create index "account_scope_path_index" on "account" ("scope_path");`);
    this.addSql(`alter table "account" add constraint "account_teacher_id_unique" unique ("teacher_id");`);
    this.addSql(`alter table "account" add constraint "account_cert_fingerprint_unique" unique ("cert_fingerprint");`);
    this.addSql(`create table "session" ("id" uuid not null, "token_hash" bytea not null, "account_id" uuid not null, "auth_method" varchar(24) not null, "restricted" boolean not null default false, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "ip" varchar(64) null, constraint "session_pkey" primary key ("id"));`);
    this.addSql(`alter table "session" add constraint "session_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "session_account_id_index" on "session" ("account_id");`);
    this.addSql(`create table "login_challenge" ("id" uuid not null, "account_id" uuid not null, "nonce" varchar(64) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "login_challenge_pkey" primary key ("id"));`);
    this.addSql(`create table "account_change_request" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "account_id" uuid not null, "managing_unit_id" uuid not null, "unit_id" uuid not null, "kind" varchar(24) not null, "payload" jsonb not null, "reason" varchar(500) null, "status" varchar(12) not null default 'pending', "requested_by" uuid null, "decided_by" uuid null, "decided_at" timestamptz null, "decision_comment" varchar(500) null, constraint "account_change_request_pkey" primary key ("id"));`);
    this.addSql(`create index "account_change_request_managing_unit_id_status_index" on "account_change_request" ("managing_unit_id", "status");`);
    this.addSql(`alter table "unit" add constraint "unit_parent_id_foreign" foreign key ("parent_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "teacher" add constraint "teacher_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "teacher" add constraint "teacher_school_id_foreign" foreign key ("school_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "archive_record" add constraint "archive_record_teacher_id_foreign" foreign key ("teacher_id") references "teacher" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "employment" add constraint "employment_teacher_id_foreign" foreign key ("teacher_id") references "teacher" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "employment" add constraint "employment_school_id_foreign" foreign key ("school_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "employment" add constraint "employment_department_id_foreign" foreign key ("department_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "account" add constraint "account_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "account" add constraint "account_teacher_id_foreign" foreign key ("teacher_id") references "teacher" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "session" add constraint "session_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "login_challenge" add constraint "login_challenge_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "account_change_request" add constraint "account_change_request_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete restrict;`);
    this.addSql(`create sequence if not exists unit_seq start 1;`);
    this.addSql(`create sequence if not exists teacher_no_seq start 1;`);
    this.addSql(`create index unit_path_prefix on unit (path text_pattern_ops);`);
    this.addSql(`create index teacher_scope_path_prefix on teacher (scope_path text_pattern_ops, teacher_no);`);
    this.addSql(`create index teacher_name_id on teacher (name, id);`);
    this.addSql(`create index teacher_birth_date on teacher (birth_date);`);
    this.addSql(`create index account_scope_path_prefix on account (scope_path text_pattern_ops);`);
    this.addSql(`create index audit_entry_scope_prefix on audit_entry (scope_path text_pattern_ops, seq);`);
    this.addSql(`create index login_challenge_account on login_challenge (account_id);`);
    this.addSql(`create index session_expires on session (expires_at);`);
    this.addSql(`create unique index employment_one_open on employment (teacher_id) where end_date is null;`);
    this.addSql(`create unique index account_one_per_unit on account (unit_id, role) where status = 'active' and role in ('system_admin', 'info_admin');`);
    this.addSql(`create function audit_entry_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_entry is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;`);
    this.addSql(`create trigger audit_entry_no_update before update or delete on audit_entry for each row execute function audit_entry_append_only();`);
    this.addSql(`create trigger audit_entry_no_truncate before truncate on audit_entry for each statement execute function audit_entry_append_only();`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists account_change_request, login_challenge, session, account, archive_record, employment, teacher, unit, audit_entry cascade;');
    this.addSql('drop function if exists audit_entry_append_only cascade;');
    this.addSql('drop sequence if exists unit_seq, teacher_no_seq;');
  }
}
