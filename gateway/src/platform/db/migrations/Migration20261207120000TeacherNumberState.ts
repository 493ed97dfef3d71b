import { Migration } from '@mikro-orm/migrations';

/**
 * Provisional and confirmed teacher numbers (issue 13.8, 临时编号 / 正式编号).
 *
 * - `teacher.number_state`: a number is provisional until the national registry has checked the
 *   person against every province (or, with sync off, the province's own duplicate check did at
 *   registration). Teachers already held were checked when they were registered: confirmed.
 *   New rows default to provisional; registration and import say which they are.
 * - `registry_entry.confirmed_at` (national): when the registry confirmed the number; existing
 *   entries count as checked.
 * - `problem_record.kind` gains `registry_conflict`: the same person employed in two provinces,
 *   queued in both provinces' problem data.
 */
export class Migration20261207120000TeacherNumberState extends Migration {
  override async up(): Promise<void> {
    // Added with the old rows' value, then the default for new rows (no table rewrite, no triggers fired).
    this.addSql(`alter table teacher add column number_state varchar(12) not null default 'confirmed',
      add constraint teacher_number_state_check check (number_state in ('provisional', 'confirmed'));`);
    this.addSql(`alter table teacher alter column number_state set default 'provisional';`);
    // Few provisional numbers at any time: "the provisional ones in my scope" reads this small index.
    this.addSql(`create index teacher_provisional on teacher (scope_path text_pattern_ops) where number_state = 'provisional';`);
    this.addSql(`alter table registry_entry add column confirmed_at timestamptz null;`);
    this.addSql(`update registry_entry set confirmed_at = updated_at;`);
    // What holds a number provisional: the open conflicts of two employments (few), read on every push.
    this.addSql(`create index registry_conflict_open_active on registry_conflict (teacher_id_a, teacher_id_b) where status = 'open' and kind = 'active_in_two_provinces';`);
    this.addSql(`alter table problem_record drop constraint problem_record_kind_check,
      add constraint problem_record_kind_check check (kind in ('id_check', 'duplicate_in_file', 'duplicate_in_database', 'registry_conflict'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from problem_record where kind = 'registry_conflict';`);
    this.addSql(`alter table problem_record drop constraint problem_record_kind_check,
      add constraint problem_record_kind_check check (kind in ('id_check', 'duplicate_in_file', 'duplicate_in_database'));`);
    this.addSql(`drop index if exists registry_conflict_open_active;`);
    this.addSql(`alter table registry_entry drop column confirmed_at;`);
    this.addSql(`drop index if exists teacher_provisional;`);
    this.addSql(`alter table teacher drop column number_state;`);
  }
}
