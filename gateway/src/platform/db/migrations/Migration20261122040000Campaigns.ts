import { Migration } from '@mikro-orm/migrations';

/** Update campaigns (31 March / 30 September deadlines) per province. */
export class Migration20261122040000Campaigns extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table update_campaign (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      province_code varchar(6) not null, kind varchar(10) not null, year int not null, title varchar(100) not null,
      opens_on date not null, deadline date not null, created_by uuid null,
      constraint update_campaign_unique unique (province_code, kind, year));`);
    this.addSql(`create index archive_record_entered_at on archive_record (entered_at);`);
    this.addSql(`create index archive_record_valid_from on archive_record (valid_from);`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists update_campaign; drop index if exists archive_record_entered_at; drop index if exists archive_record_valid_from;');
  }
}
