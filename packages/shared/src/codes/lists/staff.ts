import type { CodeList } from '../code-list.js';

/** 在职状态. Only 'active' counts towards current headcounts. */
export type EmploymentStatusCode = 'active' | 'long_absence' | 'resigned' | 'retired' | 'deceased' | 'transferred_out';

export const postCategoryList: CodeList = {
  id: 'postCategory',
  name: '岗位类别',
  nameEn: 'Post category',
  version: '1',
  items: [
    { code: 'professional_technical', name: '专业技术岗位', nameEn: 'Professional and technical post' },
    { code: 'management', name: '管理岗位', nameEn: 'Management post' },
    { code: 'work_skill', name: '工勤技能岗位', nameEn: 'Skilled work post' },
    { code: 'other', name: '其他', nameEn: 'Other' },
  ],
};

export const staffCategoryList: CodeList = {
  id: 'staffCategory',
  name: '教职工类别',
  nameEn: 'Staff category',
  version: '1',
  items: [
    { code: 'full_time_teacher', name: '专任教师', nameEn: 'Full-time teacher' },
    { code: 'administrative', name: '行政人员', nameEn: 'Administrative staff' },
    { code: 'teaching_support', name: '教辅人员', nameEn: 'Teaching support staff' },
    { code: 'logistics', name: '工勤人员', nameEn: 'Logistics staff' },
    { code: 'other', name: '其他', nameEn: 'Other' },
  ],
};

export const establishmentStatusList: CodeList = {
  id: 'establishmentStatus',
  name: '编制情况',
  nameEn: 'Establishment status',
  version: '1',
  items: [
    { code: 'in_establishment', name: '在编', nameEn: 'On the establishment' },
    { code: 'contract', name: '非在编-合同制（一年以上）', nameEn: 'Contract of one year or more' },
    { code: 'other', name: '其他', nameEn: 'Other' },
  ],
};

export const employmentStatusList: CodeList = {
  id: 'employmentStatus',
  name: '在职状态',
  nameEn: 'Employment status',
  version: '1',
  items: [
    { code: 'active', name: '在岗', nameEn: 'Active' },
    { code: 'long_absence', name: '长期不在岗', nameEn: 'Long-term absence' },
    { code: 'resigned', name: '离职', nameEn: 'Resigned' },
    { code: 'retired', name: '离退休', nameEn: 'Retired' },
    { code: 'deceased', name: '去世', nameEn: 'Deceased' },
    { code: 'transferred_out', name: '调出', nameEn: 'Transferred out' },
  ],
};

export const assessmentResultList: CodeList = {
  id: 'assessmentResult',
  name: '年度考核结果',
  nameEn: 'Annual assessment result',
  version: '1',
  items: [
    { code: 'excellent', name: '优秀', nameEn: 'Excellent' },
    { code: 'qualified', name: '合格', nameEn: 'Qualified' },
    { code: 'basically_qualified', name: '基本合格', nameEn: 'Basically qualified' },
    { code: 'unqualified', name: '不合格', nameEn: 'Unqualified' },
    { code: 'not_graded', name: '不定等次', nameEn: 'Not graded' },
    { code: 'not_assessed', name: '未参加考核', nameEn: 'Not assessed' },
  ],
};
