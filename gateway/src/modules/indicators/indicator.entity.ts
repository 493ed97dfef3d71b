import { Entity, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';

export type IndicatorType = 'text' | 'number' | 'date' | 'code' | 'boolean';
export type IndicatorStatus = 'active' | 'retired';

/**
 * A province's own indicator (省级拓展指标), defined at run time on top of the national core
 * set. Never deleted — retiring hides it from forms while values already given stay readable.
 */
@Entity({ tableName: 'indicator_definition' })
export class IndicatorDefinition extends BaseEntity {
  @Property({ length: 6 })
  provinceCode: string;

  @Property({ length: 40 })
  code: string;

  @Property({ length: 60 })
  label: string;

  @Property({ length: 80, nullable: true })
  labelEn?: string | null;

  @Property({ length: 10 })
  type: IndicatorType;

  /** For code-type indicators: the province's own code list. */
  @Property({ type: 'jsonb', nullable: true })
  codeItems?: { code: string; name: string }[] | null;

  @Property()
  required: boolean & Opt = false;

  /** School-type codes it applies to; null = every school type. */
  @Property({ type: 'text[]', nullable: true })
  schoolTypes?: string[] | null;

  @Property()
  teacherEditable: boolean & Opt = false;

  @Property({ length: 10 })
  status: IndicatorStatus & Opt = 'active';

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;
}
