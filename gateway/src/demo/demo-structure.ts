/** The fictional demo province: names are invented; codes borrow 33xxxx so they pass GB/T 2260 checks. */
export const DEMO_PROVINCE = { code: '330000', name: '示范省教育厅' };

export const DEMO_CITIES = [
  { code: '330100', name: '东湖市教育局', counties: [{ code: '330102', name: '东湖区教育局', key: 'dhq' }, { code: '330122', name: '清河县教育局', key: 'qhx' }], key: 'dhs' },
  { code: '330200', name: '西山市教育局', counties: [{ code: '330202', name: '西山区教育局', key: 'xsq' }, { code: '330225', name: '云溪县教育局', key: 'yxx' }], key: 'xss' },
] as const;

/** Schools each county runs: [school-type code, name suffix, teachers]. */
export const COUNTY_SCHOOLS: readonly [string, string, number][] = [
  ['111', '实验幼儿园', 18],
  ['211', '第一小学', 40],
  ['211', '第二小学', 34],
  ['312', '九年一贯制学校', 38],
  ['311', '第一初级中学', 36],
  ['342', '第一高级中学', 44],
];

/** Extra schools run by a county (special education, vocational), city and province. */
export const EXTRA_COUNTY_SCHOOLS: Record<string, [string, string, number][]> = {
  dhq: [['511', '特殊教育学校', 16]],
  xsq: [['365', '职业高中', 30]],
};

export const CITY_SCHOOLS: [string, string, number][] = [['341', '市第一中学', 45]];

export const UNIVERSITY = {
  code: '4133000001', name: '示范师范大学', schoolType: '411',
  departments: [
    { code: '4133000001-01', name: '文学院', teachers: 40 },
    { code: '4133000001-02', name: '理学院', teachers: 45 },
    { code: '4133000001-03', name: '教育学院', teachers: 40 },
  ],
};

/** Stage digit used as the first digit of demo school codes. */
export const SCHOOL_CODE_DIGIT: Record<string, string> = { '111': '1', '211': '2', '312': '2', '311': '3', '341': '3', '342': '3', '511': '5', '365': '3' };

export const DEMO_PASSWORD = 'Demo@2026';
