import { Migration } from '@mikro-orm/migrations';

/**
 * Update campaigns that measure updating (issue 13.6): a school's "confirmed unchanged"
 * (确认无变化) per teacher and information set in a campaign, and a county's own earlier deadline.
 */
export class Migration20261207110000CampaignConfirmations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table campaign_confirmation (
      id uuid primary key default gen_random_uuid(),
      campaign_id uuid not null references update_campaign (id),
      teacher_id uuid not null references teacher (id),
      info_set varchar(40) not null,
      scope_path text not null,
      confirmed_by uuid not null,
      confirmed_at timestamptz not null,
      constraint campaign_confirmation_unique unique (campaign_id, teacher_id, info_set));`);
    this.addSql(`create index campaign_confirmation_scope on campaign_confirmation (campaign_id, scope_path text_pattern_ops);`);
    this.addSql(`create table campaign_county_deadline (
      campaign_id uuid not null references update_campaign (id),
      unit_id uuid not null references unit (id),
      unit_path text not null,
      deadline date not null,
      set_by uuid not null,
      set_at timestamptz not null,
      primary key (campaign_id, unit_id));`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists campaign_county_deadline; drop table if exists campaign_confirmation;');
  }
}
