import { Migration } from '@mikro-orm/migrations';

/**
 * Masked document numbers keep the region and the check character only (issue 14.1; see
 * `maskIdNumber`). The stored masks are rewritten from themselves — the clear number is never
 * needed — in every table that keeps one; a mask already in the new form is left as it is.
 */
export class Migration20261207160000ShorterIdMask extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$
      declare r record;
      begin
        for r in select table_name from information_schema.columns
                 where column_name = 'id_number_masked' and table_schema = current_schema() loop
          execute format($f$update %I set id_number_masked = left(id_number_masked, 6) || repeat('*', char_length(id_number_masked) - 7) || right(id_number_masked, 1)
                            where char_length(id_number_masked) > 10 and id_number_masked ~ '^.{6}[*]+[^*]{4}$'$f$, r.table_name);
        end loop;
      end $$;`);
  }
}
