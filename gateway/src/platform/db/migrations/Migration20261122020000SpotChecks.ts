import { Migration } from '@mikro-orm/migrations';

/** Random spot checks (随机抽查): the recorded draw and one row per drawn teacher with its finding. */
export class Migration20261122020000SpotChecks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "spot_check" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "authority_unit_id" uuid not null, "scope_path" text not null, "title" varchar(100) not null, "seed" bigint not null, "school_count" int not null, "teacher_count" int not null, "drawn_school_ids" uuid[] not null, "status" varchar(12) not null default 'drawn', "created_by" uuid not null, "published_by" uuid null, "published_at" timestamptz null, constraint "spot_check_pkey" primary key ("id"), constraint "spot_check_status_check" check ("status" in ('drawn', 'published')), constraint "spot_check_seed_check" check ("seed" >= 0));`);
    this.addSql(`alter table "spot_check" add constraint "spot_check_authority_unit_id_foreign" foreign key ("authority_unit_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`create index spot_check_scope_prefix on spot_check (scope_path text_pattern_ops, created_at);`);
    this.addSql(`create table "spot_check_item" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "spot_check_id" uuid not null, "ordinal" int not null, "school_id" uuid not null, "teacher_id" uuid not null, "school_scope_path" text not null, "check_scope_path" text not null, "check_status" varchar(12) not null default 'drawn', "result" varchar(16) not null default 'pending', "finding" text null, "checked_by" uuid null, "checked_at" timestamptz null, constraint "spot_check_item_pkey" primary key ("id"), constraint "spot_check_item_result_check" check ("result" in ('pending', 'accurate', 'inaccurate', 'missing_data')), constraint "spot_check_item_teacher_unique" unique ("spot_check_id", "teacher_id"));`);
    this.addSql(`alter table "spot_check_item" add constraint "spot_check_item_spot_check_id_foreign" foreign key ("spot_check_id") references "spot_check" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "spot_check_item" add constraint "spot_check_item_school_id_foreign" foreign key ("school_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "spot_check_item" add constraint "spot_check_item_teacher_id_foreign" foreign key ("teacher_id") references "teacher" ("id") on update cascade on delete restrict;`);
    this.addSql(`create index spot_check_item_check on spot_check_item (spot_check_id, ordinal);`);
    this.addSql(`create index spot_check_item_school on spot_check_item (school_scope_path, check_status);`);
    this.addSql(`create index spot_check_item_check_scope on spot_check_item (check_scope_path text_pattern_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists spot_check_item, spot_check cascade;');
  }
}
