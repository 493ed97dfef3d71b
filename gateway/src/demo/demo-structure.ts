import { deploymentProvince } from '@tmis/shared';

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

export interface DemoCity {
  code: string;
  name: string;
  key: string;
  counties: readonly { code: string; name: string; key: string }[];
}

/** What the demo of one province is made of; 330000 is the original fictional 示范省. */
export interface DemoStructure {
  province: { code: string; name: string };
  cities: readonly DemoCity[];
  university: typeof UNIVERSITY;
  /** The two code digits every school code, unit code and ID number region of the demo starts with. */
  prefix: string;
}

// Autonomous regions and municipalities go by the short form in place names (广西东湖市, 北京东湖市).
const shortName = (name: string): string => name.replace(/(壮族|回族|维吾尔)?自治区$|省$|市$/, '');

/**
 * The demo for a province code. 330000 gives exactly the original demo; any other province gets
 * the same shape with its own codes (GB/T 2260-shaped, under the province) and names derived from
 * the province's name, so several demo provinces can run side by side for the two-level flows.
 */
export function demoStructure(provinceCode: string): DemoStructure {
  if (provinceCode === DEMO_PROVINCE.code) return { province: DEMO_PROVINCE, cities: DEMO_CITIES, university: UNIVERSITY, prefix: '33' };
  const p = deploymentProvince(provinceCode);
  if (!p) throw new RangeError(`no demo for province code ${provinceCode}`);
  const c2 = provinceCode.slice(0, 2);
  const short = shortName(p.name);
  const swap = (code: string): string => c2 + code.slice(2);
  return {
    province: { code: provinceCode, name: p.authorityName },
    cities: DEMO_CITIES.map((c) => ({
      code: swap(c.code), name: short + c.name, key: c.key,
      counties: c.counties.map((k) => ({ code: swap(k.code), name: short + k.name, key: k.key })),
    })),
    university: {
      code: `4${c2}0000001`, name: `${short}示范师范大学`, schoolType: UNIVERSITY.schoolType,
      departments: UNIVERSITY.departments.map((d) => ({ ...d, code: `4${c2}0000001${d.code.slice(10)}` })),
    },
    prefix: c2,
  };
}
