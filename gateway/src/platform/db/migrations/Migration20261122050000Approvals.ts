import { Migration } from '@mikro-orm/migrations';

/**
 * The approval engine (platform): cases, their recorded steps, and in-portal notifications.
 * `party_paths` is space-separated unit paths so one regex answers "a party in my subtree".
 */
export class Migration20261122050000Approvals extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "approval_case" (
      "id" uuid not null primary key, "type" varchar(60) not null, "subject_type" varchar(60) not null, "subject_id" uuid not null,
      "status" varchar(12) not null default 'in_progress', "current_step" int not null default 0,
      "parties" jsonb not null, "party_paths" text not null,
      "initiated_by" uuid not null references "account" ("id") on delete restrict,
      "initiating_unit_id" uuid not null references "unit" ("id") on delete restrict,
      "payload" jsonb null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1,
      constraint approval_case_status_check check (status in ('in_progress', 'approved', 'returned', 'withdrawn', 'cancelled')));`);
    this.addSql(`create index approval_case_subject on approval_case (subject_type, subject_id);`);
    this.addSql(`create index approval_case_open on approval_case (type, current_step) where status = 'in_progress';`);
    this.addSql(`create index approval_case_initiator on approval_case (initiated_by, created_at);`);
    this.addSql(`create table "approval_step" (
      "id" uuid not null primary key, "case_id" uuid not null references "approval_case" ("id") on delete cascade,
      "step_index" int not null, "step_key" varchar(60) not null, "action" varchar(12) not null,
      "actor_id" uuid not null references "account" ("id") on delete restrict,
      "actor_unit_id" uuid not null references "unit" ("id") on delete restrict,
      "comment" text null, "at" timestamptz not null,
      constraint approval_step_action_check check (action in ('approve', 'return', 'withdraw', 'cancel')));`);
    this.addSql(`create index "approval_step_case_id_at_index" on "approval_step" ("case_id", "at");`);
    this.addSql(`create table "notification" (
      "id" uuid not null primary key, "account_id" uuid null references "account" ("id") on delete cascade,
      "unit_id" uuid null references "unit" ("id") on delete cascade, "role" varchar(24) null,
      "kind" varchar(24) not null, "message" text not null, "case_id" uuid null references "approval_case" ("id") on delete cascade,
      "created_at" timestamptz not null, "read_at" timestamptz null,
      constraint notification_addressee check (account_id is not null or (unit_id is not null and role is not null)));`);
    this.addSql(`create index notification_account on notification (account_id, created_at) where account_id is not null;`);
    this.addSql(`create index notification_post on notification (unit_id, role, created_at) where unit_id is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "notification";');
    this.addSql('drop table if exists "approval_step";');
    this.addSql('drop table if exists "approval_case";');
  }
}
