import { Migration } from '@mikro-orm/migrations';

const STAMPS = `id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1`;

/**
 * Training credits (培训学分) and qualification periodic registration (教师资格定期注册), issue 5:
 * the provinces' versioned hour→credit rules (with a system default row), projects and plans,
 * enrolments with their results, the ledger of confirmed credits, self-study claims, and
 * registration batches and applications.
 */
export class Migration20261123020000Training extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table training_rule (${STAMPS},
      province_unit_id uuid null references unit (id) on delete restrict,
      effective_from date not null, hours_per_credit numeric(6,2) not null, cycle_hours int not null, cycle_start_year int not null default 2021,
      note varchar(200) null, created_by uuid null,
      constraint training_rule_values check (hours_per_credit > 0 and cycle_hours > 0));`);
    // A null province is the system default (used until a province sets its own versions).
    this.addSql(`create unique index training_rule_version on training_rule (coalesce(province_unit_id, '00000000-0000-0000-0000-000000000000'::uuid), effective_from);`);
    this.addSql(`insert into training_rule (id, created_at, updated_at, province_unit_id, effective_from, hours_per_credit, cycle_hours, cycle_start_year, note)
      values (gen_random_uuid(), now(), now(), null, '2000-01-01', 10, 360, 2021, '系统默认：10学时折算1学分；每五年周期不少于360学时');`);

    this.addSql(`create table training_project (${STAMPS},
      name varchar(200) not null, level varchar(10) not null, owner_unit_id uuid not null references unit (id) on delete restrict, owner_path text not null,
      year int not null, start_date date not null, end_date date not null, hours numeric(7,1) not null, credits numeric(6,1) null,
      target_participants varchar(500) null, institution_ids text not null default '', status varchar(20) not null default 'open',
      case_id uuid null, created_by uuid not null,
      constraint training_project_level check (level in ('national', 'province', 'city', 'county', 'school')),
      constraint training_project_status check (status in ('pending_approval', 'open')));`);
    this.addSql(`create index training_project_owner on training_project (owner_path text_pattern_ops, year);`);
    this.addSql(`create index training_project_owner_unit on training_project (owner_unit_id, year);`);

    this.addSql(`create table training_enrolment (${STAMPS},
      project_id uuid not null references training_project (id) on delete restrict, teacher_id uuid not null references teacher (id) on delete restrict,
      scope_path text not null, school_id uuid not null, status varchar(24) not null default 'enrolled',
      completed boolean null, hours numeric(7,1) null, result_by uuid null, result_at timestamptz null,
      credits numeric(6,1) null, confirmed_hours numeric(7,1) null, rule_id uuid null references training_rule (id) on delete restrict,
      confirmed_by uuid null, confirmed_at timestamptz null, case_id uuid null, archive_record_id uuid null, enrolled_by uuid not null,
      constraint training_enrolment_once unique (project_id, teacher_id),
      constraint training_enrolment_status check (status in ('enrolled', 'submitted', 'pending_confirmation', 'confirmed')));`);
    this.addSql(`create index training_enrolment_scope on training_enrolment (scope_path text_pattern_ops);`);
    this.addSql(`create index training_enrolment_teacher on training_enrolment (teacher_id);`);

    this.addSql(`create table training_self_study (${STAMPS},
      teacher_id uuid not null references teacher (id) on delete restrict, scope_path text not null, school_id uuid not null,
      title varchar(200) not null, organizer varchar(100) null, start_date date not null, end_date date not null, hours numeric(7,1) not null,
      status varchar(12) not null default 'pending', credits numeric(6,1) null, case_id uuid null, created_by uuid not null,
      constraint training_self_study_status check (status in ('pending', 'approved')));`);
    this.addSql(`create index training_self_study_teacher on training_self_study (teacher_id);`);
    this.addSql(`create index training_self_study_scope on training_self_study (scope_path text_pattern_ops);`);

    // The ledger every total reads: one row per confirmed project result or approved self-study.
    this.addSql(`create table training_credit (${STAMPS},
      teacher_id uuid not null references teacher (id) on delete restrict, scope_path text not null,
      source varchar(12) not null, source_id uuid not null unique, project_id uuid null references training_project (id) on delete restrict,
      title varchar(200) not null, level varchar(10) null, year int not null, start_date date null, end_date date not null,
      hours numeric(7,1) not null, credits numeric(6,1) not null, rule_id uuid null references training_rule (id) on delete restrict,
      entered_by uuid null, confirmed_by uuid not null, confirmed_at timestamptz not null, archive_record_id uuid null references archive_record (id),
      constraint training_credit_source check (source in ('project', 'self_study')));`);
    this.addSql(`create index training_credit_teacher on training_credit (teacher_id, year);`);
    this.addSql(`create index training_credit_scope on training_credit (scope_path text_pattern_ops, year);`);

    this.addSql(`create table registration_batch (${STAMPS},
      school_id uuid not null references unit (id) on delete restrict, school_path text not null,
      authority_id uuid not null references unit (id) on delete restrict, year int not null, size int not null,
      case_id uuid null, created_by uuid not null);`);
    this.addSql(`create table registration_application (${STAMPS},
      batch_id uuid not null references registration_batch (id) on delete restrict, teacher_id uuid not null references teacher (id) on delete restrict,
      scope_path text not null, school_id uuid not null, certificate_no varchar(40) not null, qualification_record_id uuid not null,
      year int not null, cycle_start_year int not null, cycle_end_year int not null, eligibility jsonb not null,
      status varchar(12) not null default 'in_review', decision varchar(12) null, decision_reason varchar(1000) null,
      result_reason varchar(1000) null, decided_by uuid null, decided_at timestamptz null, valid_until date null,
      archive_record_id uuid null references archive_record (id), created_by uuid not null,
      constraint registration_application_status check (status in ('in_review', 'registered', 'deferred', 'refused', 'returned')));`);
    this.addSql(`create unique index registration_application_one_open on registration_application (teacher_id, certificate_no) where status = 'in_review';`);
    this.addSql(`create index registration_application_scope on registration_application (scope_path text_pattern_ops, year);`);
    this.addSql(`create index registration_application_teacher on registration_application (teacher_id, certificate_no);`);
    this.addSql(`create index registration_application_batch on registration_application (batch_id);`);
    // Current qualifications (教师资格) are read by certificate number.
    this.addSql(`create index archive_record_certificate on archive_record ((data->>'certificateNo')) where info_set = 'qualification';`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists archive_record_certificate;');
    this.addSql('drop table if exists registration_application, registration_batch, training_credit, training_self_study, training_enrolment, training_project, training_rule;');
  }
}
