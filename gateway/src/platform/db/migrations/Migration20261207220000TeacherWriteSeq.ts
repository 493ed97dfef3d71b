import { Migration } from '@mikro-orm/migrations';

/**
 * A write counter of the teacher table (issue 18.2): every statement that inserts, updates,
 * deletes or truncates teachers takes the next value of `teacher_write_seq` (a statement-level
 * trigger, so a 100,000-row import costs one `nextval`). A cached list count is served only
 * while the counter still reads as it did before the count was taken. Sequences take no row
 * lock, so concurrent writers never wait on each other for it.
 */
export class Migration20261207220000TeacherWriteSeq extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence teacher_write_seq;`);
    this.addSql(`create function teacher_write_bump() returns trigger language plpgsql as $$
      begin perform nextval('teacher_write_seq'); return null; end $$;`);
    this.addSql(`create trigger teacher_write_counted after insert or update or delete or truncate on teacher for each statement execute function teacher_write_bump();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists teacher_write_counted on teacher;`);
    this.addSql(`drop function if exists teacher_write_bump();`);
    this.addSql(`drop sequence if exists teacher_write_seq;`);
  }
}
