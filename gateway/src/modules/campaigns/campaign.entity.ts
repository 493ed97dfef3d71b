import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';
import type { CampaignKind } from './campaign-rules.js';

/** An update campaign (信息更新): a window of time and a deadline every unit must meet. */
@Entity({ tableName: 'update_campaign' })
export class UpdateCampaign extends BaseEntity {
  @Property({ length: 6 })
  provinceCode: string;

  @Property({ length: 10 })
  kind: CampaignKind;

  @Property({ type: 'integer' })
  year: number;

  @Property({ length: 100 })
  title: string;

  @Property({ type: 'date' })
  opensOn: string;

  /** The province may set a deadline earlier than the national one. */
  @Property({ type: 'date' })
  deadline: string;

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;
}
