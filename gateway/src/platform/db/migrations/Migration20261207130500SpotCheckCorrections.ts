import { Migration } from '@mikro-orm/migrations';

/**
 * Correction tasks of a published spot check (issue 13.5): every inaccurate or missing finding
 * opens one for the drawn school, tracked until the school reports what it corrected.
 */
export class Migration20261207130500SpotCheckCorrections extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table spot_check_item add column correction varchar(8) null, add column correction_note text null,
      add column corrected_by uuid null, add column corrected_at timestamptz null;`);
    this.addSql(`alter table spot_check_item add constraint spot_check_item_correction_check check (correction in ('open', 'done'));`);
    // Checks published before this change: their inaccurate findings become open tasks.
    this.addSql(`update spot_check_item set correction = 'open' where check_status = 'published' and result in ('inaccurate', 'missing_data');`);
  }
}
