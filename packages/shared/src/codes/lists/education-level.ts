import type { CodeItem, CodeList } from '../code-list.js';

type Band = 'postgraduate' | 'undergraduate' | 'junior_college' | 'senior_secondary' | 'junior_secondary_or_below';

// [code, name, English name, parent]; two-digit groups end in 0.
const rows: [string, string, string, string?][] = [
  ['10', '研究生教育', 'Postgraduate education'],
  ['11', '博士研究生毕业', 'Doctoral graduate', '10'],
  ['12', '博士研究生结业', 'Doctoral programme completed', '10'],
  ['13', '博士研究生肄业', 'Doctoral programme not completed', '10'],
  ['14', '硕士研究生毕业', "Master's graduate", '10'],
  ['15', '硕士研究生结业', "Master's programme completed", '10'],
  ['16', '硕士研究生肄业', "Master's programme not completed", '10'],
  ['17', '研究生班毕业', 'Postgraduate class graduate', '10'],
  ['18', '研究生班结业', 'Postgraduate class completed', '10'],
  ['19', '研究生班肄业', 'Postgraduate class not completed', '10'],
  ['20', '大学本科教育', 'Undergraduate education'],
  ['21', '大学本科毕业', 'Undergraduate graduate', '20'],
  ['22', '大学本科结业', 'Undergraduate programme completed', '20'],
  ['23', '大学本科肄业', 'Undergraduate programme not completed', '20'],
  ['28', '大学普通班毕业', 'University general class graduate', '20'],
  ['30', '大学专科教育', 'Junior college education'],
  ['31', '大学专科毕业', 'Junior college graduate', '30'],
  ['32', '大学专科结业', 'Junior college programme completed', '30'],
  ['33', '大学专科肄业', 'Junior college programme not completed', '30'],
  ['40', '中等职业教育', 'Secondary vocational education'],
  ['41', '中等专科毕业', 'Secondary specialised school graduate', '40'],
  ['42', '中等专科结业', 'Secondary specialised school completed', '40'],
  ['43', '中等专科肄业', 'Secondary specialised school not completed', '40'],
  ['44', '职业高中毕业', 'Vocational senior secondary graduate', '40'],
  ['45', '职业高中结业', 'Vocational senior secondary completed', '40'],
  ['46', '职业高中肄业', 'Vocational senior secondary not completed', '40'],
  ['47', '技工学校毕业', 'Technical school graduate', '40'],
  ['48', '技工学校结业', 'Technical school completed', '40'],
  ['49', '技工学校肄业', 'Technical school not completed', '40'],
  ['60', '普通高级中学教育', 'General senior secondary education'],
  ['61', '普通高中毕业', 'Senior secondary graduate', '60'],
  ['62', '普通高中结业', 'Senior secondary completed', '60'],
  ['63', '普通高中肄业', 'Senior secondary not completed', '60'],
  ['70', '初级中学教育', 'Junior secondary education'],
  ['71', '初中毕业', 'Junior secondary graduate', '70'],
  ['73', '初中肄业', 'Junior secondary not completed', '70'],
  ['80', '小学教育', 'Primary education'],
  ['81', '小学毕业', 'Primary graduate', '80'],
  ['83', '小学肄业', 'Primary not completed', '80'],
  ['90', '其他', 'Other'],
];

// Reporting bands 研究生 / 大学本科 / 专科 / 高中(中专) / 初中及以下, keyed by group.
const bandOfGroup: Record<string, Band> = {
  '10': 'postgraduate',
  '20': 'undergraduate',
  '30': 'junior_college',
  '40': 'senior_secondary',
  '60': 'senior_secondary',
  '70': 'junior_secondary_or_below',
  '80': 'junior_secondary_or_below',
  '90': 'junior_secondary_or_below',
};

/** 学历 per GB/T 4658-2006; `extra.band` is the five-band grouping used in reports. */
export const educationLevelList: CodeList = {
  id: 'educationLevel',
  name: '学历',
  nameEn: 'Education level',
  standard: 'GB/T 4658-2006',
  version: '1',
  items: rows.map(([code, name, nameEn, parent]): CodeItem => ({
    code,
    name,
    nameEn,
    ...(parent ? { parent } : {}),
    extra: { band: bandOfGroup[parent ?? code] as Band },
  })),
};
