import 'reflect-metadata';
import { registerEnumType } from 'type-graphql';

/**
 * Age bands of teacher filters and statistics. They live with statistics, which owns age
 * banding; the teacher list imports them (statistics never imports teachers).
 */
export enum AgeBand {
  UNDER_30 = 'UNDER_30',
  FROM_30_TO_39 = 'FROM_30_TO_39',
  FROM_40_TO_49 = 'FROM_40_TO_49',
  FROM_50_TO_59 = 'FROM_50_TO_59',
  FROM_60 = 'FROM_60',
}
registerEnumType(AgeBand, { name: 'AgeBand', description: '年龄段' });
