import { Migration } from '@mikro-orm/migrations';

/**
 * Transfers (调动) and exchange rotations (交流轮岗). Each row mirrors its approval case; the
 * partial unique indexes keep one open application per teacher even under concurrent requests.
 */
export class Migration20261123010000Transfers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table employment add column start_reason varchar(20) null;`);
    this.addSql(`create table transfer (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      kind varchar(12) not null check (kind in ('transfer', 'rotation')),
      teacher_id uuid not null references teacher (id), teacher_no varchar(20) not null, teacher_name varchar(60) not null,
      case_id uuid null references approval_case (id),
      from_unit_id uuid not null references unit (id), from_school_id uuid not null references unit (id),
      to_unit_id uuid not null references unit (id), to_school_id uuid not null references unit (id),
      from_scope_path text not null, to_scope_path text not null, party_paths text not null,
      effective_date date not null, reason varchar(500) null,
      status varchar(12) not null default 'in_progress' check (status in ('in_progress', 'completed', 'returned', 'withdrawn', 'cancelled')),
      close_reason varchar(500) null, completed_at timestamptz null, initiated_by uuid not null);`);
    this.addSql(`create unique index transfer_one_open on transfer (teacher_id) where status = 'in_progress';`);
    this.addSql(`create index transfer_to_scope on transfer (to_scope_path text_pattern_ops, created_at);`);
    this.addSql(`create index transfer_from_scope on transfer (from_scope_path text_pattern_ops, created_at);`);
    this.addSql(`create table rotation (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      teacher_id uuid not null references teacher (id), teacher_no varchar(20) not null, teacher_name varchar(60) not null,
      case_id uuid null references approval_case (id),
      sending_school_id uuid not null references unit (id), receiving_school_id uuid not null references unit (id),
      sending_scope_path text not null, receiving_scope_path text not null, party_paths text not null,
      personnel_change boolean not null, start_date date not null, end_date date not null, reason varchar(500) null,
      status varchar(12) not null default 'in_progress' check (status in ('in_progress', 'approved', 'returned', 'withdrawn', 'cancelled')),
      close_reason varchar(500) null, approved_at timestamptz null, initiated_by uuid not null,
      archive_record_id uuid null references archive_record (id), transfer_id uuid null references transfer (id),
      check (end_date > start_date));`);
    this.addSql(`create unique index rotation_one_open on rotation (teacher_id) where status = 'in_progress';`);
    this.addSql(`create index rotation_teacher on rotation (teacher_id, start_date);`);
    this.addSql(`create index rotation_sending_scope on rotation (sending_scope_path text_pattern_ops, start_date);`);
    this.addSql(`create index rotation_receiving_scope on rotation (receiving_scope_path text_pattern_ops, start_date);`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists rotation;');
    this.addSql('drop table if exists transfer;');
    this.addSql('alter table employment drop column if exists start_reason;');
  }
}
