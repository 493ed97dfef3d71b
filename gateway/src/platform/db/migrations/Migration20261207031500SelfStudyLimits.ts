import { Migration } from '@mikro-orm/migrations';

/**
 * Self-study limits (issue 13.7): a province rule version caps the hours of one 自主研修 claim and
 * of all claims of a year. Existing versions get the defaults (24 h a claim, 36 h a year: half the
 * 72 h a year of a 360 h cycle may come from self-study).
 */
export class Migration20261207031500SelfStudyLimits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table training_rule
      add column self_study_claim_hours numeric(7,1) not null default 24,
      add column self_study_year_hours numeric(7,1) not null default 36,
      add constraint training_rule_self_study check (self_study_claim_hours > 0 and self_study_year_hours >= self_study_claim_hours);`);
  }
}
