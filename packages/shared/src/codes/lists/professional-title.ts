import type { CodeItem, CodeList } from '../code-list.js';

/** Grade of a professional-technical position, comparable across title series. */
export type TitleLevel = 'senior_full' | 'senior_deputy' | 'intermediate' | 'junior' | 'none';

type Series = 'primary_secondary' | 'higher_education' | 'secondary_vocational' | 'other';

const rows: [string, string, string, Series, TitleLevel][] = [
  ['k12_senior_full', '正高级教师', 'Senior teacher (full)', 'primary_secondary', 'senior_full'],
  ['k12_senior', '高级教师', 'Senior teacher', 'primary_secondary', 'senior_deputy'],
  ['k12_first', '一级教师', 'First-grade teacher', 'primary_secondary', 'intermediate'],
  ['k12_second', '二级教师', 'Second-grade teacher', 'primary_secondary', 'junior'],
  ['k12_third', '三级教师', 'Third-grade teacher', 'primary_secondary', 'junior'],
  ['he_professor', '教授', 'Professor', 'higher_education', 'senior_full'],
  ['he_associate_professor', '副教授', 'Associate professor', 'higher_education', 'senior_deputy'],
  ['he_lecturer', '讲师（高校）', 'Lecturer (higher education)', 'higher_education', 'intermediate'],
  ['he_assistant', '助教', 'Teaching assistant', 'higher_education', 'junior'],
  ['voc_senior_full_lecturer', '正高级讲师', 'Senior lecturer (full)', 'secondary_vocational', 'senior_full'],
  ['voc_senior_lecturer', '高级讲师', 'Senior lecturer', 'secondary_vocational', 'senior_deputy'],
  ['voc_lecturer', '讲师（中职）', 'Lecturer (secondary vocational)', 'secondary_vocational', 'intermediate'],
  ['voc_assistant_lecturer', '助理讲师', 'Assistant lecturer', 'secondary_vocational', 'junior'],
  // Staff in other professional posts hold titles of other series (engineer, librarian …).
  ['other_senior_full', '其他正高级职务', 'Other full senior title', 'other', 'senior_full'],
  ['other_senior_deputy', '其他副高级职务', 'Other deputy senior title', 'other', 'senior_deputy'],
  ['other_intermediate', '其他中级职务', 'Other intermediate title', 'other', 'intermediate'],
  ['other_junior', '其他初级职务', 'Other junior title', 'other', 'junior'],
  ['none', '未定职级', 'No title', 'other', 'none'],
];

/** 专业技术职务. `extra.level` is a TitleLevel, `extra.series` the title series. */
export const professionalTitleList: CodeList = {
  id: 'professionalTitle',
  name: '专业技术职务',
  nameEn: 'Professional title',
  version: '1',
  items: rows.map(([code, name, nameEn, series, level]): CodeItem => ({ code, name, nameEn, extra: { level, series } })),
};
