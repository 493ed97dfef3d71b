import { Migration } from '@mikro-orm/migrations';

/**
 * The teacher list's `totalCount` (docs/performance.md). Counting a large subtree — a province
 * user's is the whole table — read every heap page (parallel seq scan, ~9,100 pages for 200,000
 * teachers). `teacher_scope_path_prefix` cannot help much: with `teacher_no` in it every entry
 * is distinct (15 MB). On `scope_path` alone, B-tree deduplication keeps one entry per unit
 * (~1.5 MB), so the count becomes an index-only scan of ~180 pages.
 */
export class Migration20261122010000TeacherListIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index teacher_scope_path on teacher (scope_path text_pattern_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists teacher_scope_path;`);
  }
}
