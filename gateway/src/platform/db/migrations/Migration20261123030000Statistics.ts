import { Migration } from '@mikro-orm/migrations';

/**
 * Teacher statistics (issue 7): a rollup of current teachers per unit for fast aggregates.
 *
 * - `stats_rollup`: per unit (school or department) and employment status, counts grouped by
 *   chosen sets ("cuboids") of the teacher columns. `cuboid` is the bitmask of the grouped
 *   columns (see statistics-cube.ts); columns outside the set are null.
 * - `stats_dirty`: units whose teachers changed since their rollup rows were computed. Filled by
 *   statement-level triggers on `teacher` — the one place that sees every writer (registration,
 *   import COPY, transfers, status changes, SQL fixes). Queries answer dirty units from `teacher`
 *   itself, so statistics are exact at all times; a background refresher recomputes them.
 * - `stats_meta.age_year`: the calendar year the rollup's age bands refer to.
 */
export class Migration20261123030000Statistics extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table stats_meta (key text primary key, value text not null);`);
    this.addSql(`insert into stats_meta (key, value) values ('age_year', extract(year from current_date)::int::text);`);
    this.addSql(`create table stats_dirty (id bigserial primary key, unit_id uuid not null, at timestamptz not null default now());`);
    this.addSql(`create index stats_dirty_unit on stats_dirty (unit_id);`);
    this.addSql(`create table stats_rollup (
      cuboid smallint not null, unit_id uuid not null, scope_path text not null, status varchar(20) not null,
      gender varchar(1) null, age_band varchar(16) null, ethnicity varchar(2) null, education_level varchar(32) null,
      professional_title varchar(32) null, post_category varchar(32) null, establishment_status varchar(32) null,
      staff_category varchar(32) null, n integer not null);`);
    this.addSql(`create index stats_rollup_cuboid_scope on stats_rollup (cuboid, scope_path text_pattern_ops);`);
    this.addSql(`create index stats_rollup_unit on stats_rollup (unit_id);`);
    // Statistical age: the as-of year minus the birth year (the same in the rollup and in live queries).
    this.addSql(`create function stats_age_band(birth date, ref_year int) returns text language sql immutable parallel safe as $$
      select case when ref_year - extract(year from birth)::int < 30 then 'UNDER_30'
                  when ref_year - extract(year from birth)::int < 40 then 'FROM_30_TO_39'
                  when ref_year - extract(year from birth)::int < 50 then 'FROM_40_TO_49'
                  when ref_year - extract(year from birth)::int < 60 then 'FROM_50_TO_59'
                  else 'FROM_60' end $$;`);
    this.addSql(`create function stats_mark_inserted() returns trigger language plpgsql as $$
      begin insert into stats_dirty (unit_id) select distinct unit_id from stats_new order by 1; return null; end $$;`);
    this.addSql(`create function stats_mark_deleted() returns trigger language plpgsql as $$
      begin insert into stats_dirty (unit_id) select distinct unit_id from stats_old order by 1; return null; end $$;`);
    // Only changes of a counted column mark units: a version bump or a name fix costs one join.
    this.addSql(`create function stats_mark_updated() returns trigger language plpgsql as $$
      begin
        insert into stats_dirty (unit_id)
        select distinct v.unit_id from stats_old o join stats_new n on n.id = o.id
          cross join lateral (values (o.unit_id), (n.unit_id)) v (unit_id)
        where (o.unit_id, o.scope_path, o.employment_status, o.gender, o.birth_date, o.ethnicity, o.education_level,
               o.professional_title, o.post_category, o.establishment_status, o.staff_category)
          is distinct from (n.unit_id, n.scope_path, n.employment_status, n.gender, n.birth_date, n.ethnicity, n.education_level,
               n.professional_title, n.post_category, n.establishment_status, n.staff_category)
        order by 1;
        return null;
      end $$;`);
    this.addSql(`create trigger teacher_stats_inserted after insert on teacher referencing new table as stats_new for each statement execute function stats_mark_inserted();`);
    this.addSql(`create trigger teacher_stats_deleted after delete on teacher referencing old table as stats_old for each statement execute function stats_mark_deleted();`);
    this.addSql(`create trigger teacher_stats_updated after update on teacher referencing old table as stats_old new table as stats_new for each statement execute function stats_mark_updated();`);
    // Existing teachers: every unit starts dirty; the refresher builds its rollup rows.
    this.addSql(`insert into stats_dirty (unit_id) select distinct unit_id from teacher;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists teacher_stats_inserted on teacher;`);
    this.addSql(`drop trigger if exists teacher_stats_deleted on teacher;`);
    this.addSql(`drop trigger if exists teacher_stats_updated on teacher;`);
    this.addSql(`drop function if exists stats_mark_inserted(), stats_mark_deleted(), stats_mark_updated(), stats_age_band(date, int);`);
    this.addSql(`drop table if exists stats_rollup, stats_dirty, stats_meta;`);
  }
}
