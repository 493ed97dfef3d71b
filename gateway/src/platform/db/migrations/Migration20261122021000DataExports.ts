import { Migration } from '@mikro-orm/migrations';

/** Audited exports (数据导出有据可查): every export with its purpose, filters, fields, row count and file. */
export class Migration20261122021000DataExports extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "data_export" ("id" uuid not null, "kind" varchar(20) not null, "purpose" text not null, "filters" jsonb not null, "fields" text[] not null, "row_count" int not null, "exporter_account_id" uuid not null, "exporter_username" varchar(32) not null, "exporter_unit_id" uuid not null, "scope_path" text not null, "created_at" timestamptz not null, "file" bytea null, "expires_at" timestamptz not null, constraint "data_export_pkey" primary key ("id"), constraint "data_export_purpose_check" check (char_length(btrim("purpose")) >= 4));`);
    this.addSql(`alter table "data_export" add constraint "data_export_exporter_account_id_foreign" foreign key ("exporter_account_id") references "account" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "data_export" add constraint "data_export_exporter_unit_id_foreign" foreign key ("exporter_unit_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`create index "data_export_exporter_account_id_created_at_index" on "data_export" ("exporter_account_id", "created_at");`);
    this.addSql(`create index data_export_scope_prefix on data_export (scope_path text_pattern_ops, created_at);`);
    // Finds the files to drop once expired.
    this.addSql(`create index data_export_file_expiry on data_export (expires_at) where file is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists data_export cascade;');
  }
}
