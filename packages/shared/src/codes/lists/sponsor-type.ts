import type { CodeList } from '../code-list.js';

// Sponsors named by the Beijing plan (seed 002 §3): government, enterprises and
// institutions, social groups, other social organisations and citizens.
export const sponsorTypeList: CodeList = {
  id: 'sponsorType',
  name: '举办者类型',
  nameEn: 'Sponsor type',
  version: '1',
  items: [
    { code: 'education_department', name: '教育行政部门', nameEn: 'Education authority' },
    { code: 'other_department', name: '其他政府部门', nameEn: 'Other government department' },
    { code: 'enterprise_institution', name: '企业事业组织', nameEn: 'Enterprise or public institution' },
    { code: 'social_group', name: '社会团体', nameEn: 'Social group' },
    { code: 'other_social_organization', name: '其他社会组织', nameEn: 'Other social organisation' },
    { code: 'individual', name: '公民个人', nameEn: 'Individual' },
  ],
};
