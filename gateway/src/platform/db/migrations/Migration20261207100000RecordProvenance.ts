import { Migration } from '@mikro-orm/migrations';

/**
 * Who entered and who approved, by name (issue 13.3). `archive_record.provenance` keeps the name,
 * unit and time of each step of a record that came from another province, whose accounts are
 * not held here. A training credit keeps when its result was entered (from its archive record
 * for credits written before).
 */
export class Migration20261207100000RecordProvenance extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table archive_record add column provenance jsonb;`);
    this.addSql(`alter table training_credit add column entered_at timestamptz;`);
    this.addSql(`update training_credit c set entered_at = r.entered_at from archive_record r where r.id = c.archive_record_id;`);
  }
}
