import { Migration } from '@mikro-orm/migrations';

/** The module's tables; names start with the module prefix (TitleEvaluation…), as the SDK requires. */
export class TitleEvaluation20261123100000Init extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table title_evaluation_round (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      year int not null, name varchar(100) not null, titles jsonb not null, nomination_start date not null, nomination_end date not null,
      total_quota int not null check (total_quota >= 0), min_years_in_title int not null, assessment_years int not null,
      status varchar(8) not null default 'open', province_unit_id uuid not null references unit (id), scope_path text not null, opened_by uuid not null);`);
    this.addSql(`create unique index title_evaluation_round_year_uq on title_evaluation_round (province_unit_id, year);`);
    this.addSql(`create table title_evaluation_quota (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      round_id uuid not null references title_evaluation_round (id), unit_id uuid not null references unit (id), unit_name varchar(120) not null,
      unit_code varchar(20) not null, unit_level varchar(16) not null, unit_path text not null, parent_quota_id uuid null references title_evaluation_quota (id),
      quota int not null check (quota >= 0), used int not null default 0, allocated_down int not null default 0,
      headcount int not null default 0, exact_quota double precision not null default 0, floor_part int not null default 0,
      remainder double precision not null default 0, remainder_rank int null, from_remainder int not null default 0, allocated_by uuid null,
      -- the database itself refuses a quota overrun, whatever the code does
      constraint title_evaluation_quota_within check (used >= 0 and used + allocated_down <= quota));`);
    this.addSql(`create unique index title_evaluation_quota_unit_uq on title_evaluation_quota (round_id, unit_id);`);
    this.addSql(`create index title_evaluation_quota_path_idx on title_evaluation_quota (round_id, unit_path text_pattern_ops);`);
    this.addSql(`create table title_evaluation_nomination (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      round_id uuid not null references title_evaluation_round (id), quota_id uuid not null references title_evaluation_quota (id),
      teacher_id uuid not null references teacher (id), teacher_no varchar(20) not null, teacher_name varchar(60) not null,
      school_id uuid not null references unit (id), school_name varchar(120) not null, scope_path text not null,
      current_title varchar(32) null, target_title varchar(32) not null, conditions jsonb not null,
      status varchar(12) not null default 'in_review', case_id uuid null, close_reason text null, nominated_by uuid not null, archive_record_id uuid null);`);
    // One live nomination per teacher and round, also against two simultaneous requests.
    this.addSql(`create unique index title_evaluation_nomination_live_uq on title_evaluation_nomination (round_id, teacher_id) where status in ('in_review', 'approved');`);
    this.addSql(`create index title_evaluation_nomination_scope_idx on title_evaluation_nomination (round_id, scope_path text_pattern_ops);`);
  }
}
