import { Migration } from '@mikro-orm/migrations';

/**
 * History stays readable (issue 13.4): who else reads a teacher, and as of when. Moves and
 * rotations approved before this change get their rows from the transfer and rotation tables.
 */
export class Migration20261207133000TeacherVisits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table teacher_visit (
      id uuid not null primary key, teacher_id uuid not null references teacher (id) on delete restrict,
      scope_path text not null, kind varchar(16) not null check (kind in ('transferred_out', 'rotated_out', 'rotation_guest', 'on_rotation')),
      valid_from date not null, valid_to date null, frozen_at timestamptz null, source_id uuid not null, created_at timestamptz not null default now());`);
    this.addSql(`create index teacher_visit_teacher_id_index on teacher_visit (teacher_id);`);
    this.addSql(`create index teacher_visit_scope on teacher_visit (scope_path text_pattern_ops);`);
    this.addSql(`create unique index teacher_visit_once on teacher_visit (source_id, kind);`);
    this.addSql(`insert into teacher_visit (id, teacher_id, scope_path, kind, valid_from, frozen_at, source_id)
      select gen_random_uuid(), teacher_id, from_scope_path, case when kind = 'rotation' then 'rotated_out' else 'transferred_out' end,
        effective_date, coalesce(completed_at, updated_at), id
      from transfer where status = 'completed';`);
    this.addSql(`insert into teacher_visit (id, teacher_id, scope_path, kind, valid_from, valid_to, source_id)
      select gen_random_uuid(), teacher_id, receiving_scope_path, 'rotation_guest', start_date, end_date, id from rotation where status = 'approved' and not personnel_change
      union all
      select gen_random_uuid(), teacher_id, sending_scope_path, 'on_rotation', start_date, end_date, id from rotation where status = 'approved' and not personnel_change;`);
  }
}
