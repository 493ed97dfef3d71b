import type { CodeList } from '../code-list.js';

/** School stage (学段). The last two are Beijing's additions to the national five. */
export type StageCode =
  | 'kindergarten'
  | 'primary_secondary'
  | 'secondary_vocational'
  | 'special_education'
  | 'higher_education'
  | 'teacher_training'
  | 'out_of_school';

export const stageList: CodeList = {
  id: 'stage',
  name: '学段',
  nameEn: 'School stage',
  version: '1',
  items: [
    { code: 'kindergarten', name: '幼儿园', nameEn: 'Kindergarten' },
    { code: 'primary_secondary', name: '中小学', nameEn: 'Primary and secondary school' },
    { code: 'secondary_vocational', name: '中等职业学校', nameEn: 'Secondary vocational school' },
    { code: 'special_education', name: '特殊教育学校', nameEn: 'Special education school' },
    { code: 'higher_education', name: '高等学校', nameEn: 'Higher education institution' },
    { code: 'teacher_training', name: '教师研修（培训）机构', nameEn: 'Teacher training institution' },
    { code: 'out_of_school', name: '校外教育机构', nameEn: 'Out-of-school education institution' },
  ],
};
