import type pg from 'pg';
import { formatTeacherNumber, generateChineseIdCard, getCodeList, maskIdNumber, stageOfSchoolType } from '@tmis/shared';
import type { Runtime } from '../platform/runtime.js';
import { uuidv7 } from '../platform/ids.js';
import { fictionalName, pick, prng, randomDate } from '../demo/random.js';

/**
 * Synthetic province for the benchmarks: national → 1 province → 10 cities → 8 counties each
 * → 25 schools each (2,000 schools), and teachers spread over the schools by school size.
 * Rows go straight into the tables (unnest batches), with document numbers encrypted and
 * blind-indexed exactly as the app does. A seeded PRNG gives the same tree and people on every
 * machine (only ids, ciphertexts and the key are random).
 */

export interface GeneratedTree {
  provinceId: string;
  /** The county whose query user the benchmark logs in as (city 1, county 1). */
  countyId: string;
  countyTeachers: number;
  schools: number;
  units: number;
}

const CITIES = 10;
const COUNTIES_PER_CITY = 8;

/** A county's 25 schools: [school type, name suffix, how many, relative teacher count]. */
const COUNTY_SCHOOLS: [string, string, number, number][] = [
  ['111', '幼儿园', 6, 25],
  ['211', '小学', 9, 80],
  ['312', '九年一贯制学校', 1, 110],
  ['311', '初级中学', 4, 100],
  ['342', '高级中学', 2, 180],
  ['341', '完全中学', 1, 200],
  ['365', '职业高中', 1, 120],
  ['511', '特殊教育学校', 1, 40],
];
const STAGE_DIGIT: Record<string, string> = { '111': '1', '211': '2', '312': '2', '311': '3', '342': '3', '341': '3', '365': '3', '511': '5' };
const CN_NUM = '一二三四五六七八九十';

type Column = [name: string, pgType: string];

const BATCH = 5000;

/** `insert … select * from unnest($1::uuid[], …)`: one round trip per 5,000 rows. */
export async function insertRows(client: pg.Client, table: string, columns: Column[], rows: unknown[][], batch = BATCH): Promise<void> {
  const sql = `insert into "${table}" (${columns.map(([c]) => `"${c}"`).join(', ')}) select * from unnest(${columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`;
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    await client.query(sql, columns.map((_, i) => chunk.map((r) => r[i])));
  }
}

const UNIT_COLUMNS: Column[] = [
  ['id', 'uuid'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['seq', 'int'], ['code', 'text'], ['name', 'text'], ['level', 'text'],
  ['parent_id', 'uuid'], ['path', 'text'], ['depth', 'smallint'], ['school_type', 'text'], ['stage', 'text'], ['sponsor_type', 'text'],
  ['urban_rural_type', 'text'], ['address', 'text'],
];

const TEACHER_COLUMNS: Column[] = [
  ['id', 'uuid'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['teacher_no', 'text'], ['name', 'text'], ['gender', 'text'],
  ['birth_date', 'date'], ['ethnicity', 'text'], ['political_status', 'text'], ['id_type', 'text'], ['id_number_enc', 'bytea'],
  ['id_number_hash', 'bytea'], ['id_number_masked', 'text'], ['education_level', 'text'], ['professional_title', 'text'], ['unit_id', 'uuid'],
  ['school_id', 'uuid'], ['scope_path', 'text'], ['stage', 'text'], ['employment_status', 'text'], ['staff_category', 'text'],
  ['establishment_status', 'text'], ['post_category', 'text'], ['hire_date', 'date'],
];

const EMPLOYMENT_COLUMNS: Column[] = [
  ['id', 'uuid'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['teacher_id', 'uuid'], ['school_id', 'uuid'],
  ['staff_category', 'text'], ['establishment_status', 'text'], ['post_category', 'text'], ['employment_status', 'text'], ['start_date', 'date'],
];

interface School { id: string; path: string; stage: string | null; regionCode: string; weight: number }

const codes = (list: Parameters<typeof getCodeList>[0]): string[] => getCodeList(list).items.map((i) => i.code);
const titlesOf = (series: string): string[] =>
  getCodeList('professionalTitle').items.filter((i) => (i.extra as { series?: string } | undefined)?.series === series).map((i) => i.code);

export async function generateTree(client: pg.Client, teachers: number, runtime: Runtime, log: (m: string) => void): Promise<GeneratedTree> {
  const rand = prng(20261122);
  const now = new Date();
  const units: unknown[][] = [];
  let seq = 0;
  const unit = (parent: { id: string; path: string; depth: number } | null, code: string, name: string, level: string, schoolType?: string, rural?: boolean) => {
    const id = uuidv7();
    const path = `${parent?.path ?? '/'}${++seq}/`;
    const depth = (parent?.depth ?? -1) + 1;
    units.push([id, now, now, seq, code, name, level, parent?.id ?? null, path, depth, schoolType ?? null, schoolType ? stageOfSchoolType(schoolType) ?? null : null,
      schoolType ? 'education_department' : null, schoolType ? (rural ? pick(rand, ['121', '210', '220']) : '111') : null, null]);
    return { id, path, depth };
  };

  const national = unit(null, '000000', '中华人民共和国教育部', 'national');
  const province = unit(national, '330000', '示范省教育厅', 'province');
  const schools: School[] = [];
  let county1: { id: string; path: string } | undefined;
  for (let c = 1; c <= CITIES; c++) {
    const cityCode = `33${String(c).padStart(2, '0')}`;
    const city = unit(province, `${cityCode}00`, `示范${CN_NUM[c - 1]}市教育局`, 'city');
    for (let k = 1; k <= COUNTIES_PER_CITY; k++) {
      const countyCode = `${cityCode}${String(k + 1).padStart(2, '0')}`;
      const countyName = `示范${CN_NUM[c - 1]}市第${CN_NUM[k - 1]}区`;
      const county = unit(city, countyCode, `${countyName}教育局`, 'county');
      county1 ??= county;
      let i = 0;
      for (const [type, suffix, count, weight] of COUNTY_SCHOOLS) {
        for (let n = 1; n <= count; n++) {
          i++;
          const code = `${STAGE_DIGIT[type]}${countyCode}${String(i).padStart(3, '0')}`;
          const s = unit(county, code, `${countyName}第${n}${suffix}`, 'school', type, k > 4);
          schools.push({ id: s.id, path: s.path, stage: stageOfSchoolType(type) ?? null, regionCode: countyCode, weight });
        }
      }
    }
  }
  await insertRows(client, 'unit', UNIT_COLUMNS, units);
  await client.query(`select setval('unit_seq', $1)`, [seq]);

  // Teachers: registered over the years in no particular school order, so teacher numbers
  // interleave across counties (a county's rows are not one contiguous run of the index).
  const cumulative: number[] = [];
  let total = 0;
  for (const s of schools) cumulative.push((total += s.weight));
  const schoolFor = (): School => {
    const x = rand() * total;
    let lo = 0, hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid; else lo = mid + 1;
    }
    return schools[lo]!;
  };
  const fc = runtime.fieldCrypto;
  const k12Titles = [...titlesOf('primary_secondary'), 'none'];
  const vocTitles = [...titlesOf('secondary_vocational'), 'none'];
  const ethnicities = codes('ethnicity');
  const staffCategories = codes('staffCategory');
  const postCategories = codes('postCategory');
  const year = now.getUTCFullYear();
  const used = new Set<string>();
  const teacherRows: unknown[][] = [];
  const employmentRows: unknown[][] = [];
  let countyTeachers = 0;
  for (let n = 1; n <= teachers; n++) {
    const school = schoolFor();
    if (school.path.startsWith(county1!.path)) countyTeachers++;
    const gender = rand() < 0.72 ? '2' : '1';
    const birthDate = randomDate(rand, 1963, 2001);
    let idNumber: string;
    do idNumber = generateChineseIdCard({ regionCode: school.regionCode, birthDate, sequence: Math.floor(rand() * 1000), gender });
    while (used.has(idNumber));
    used.add(idNumber);
    const hireDate = `${Math.min(year - 1, Number(birthDate.slice(0, 4)) + 22 + Math.floor(rand() * 8))}-09-01`;
    const staff = rand() < 0.85 ? 'full_time_teacher' : pick(rand, staffCategories);
    const establishment = rand() < 0.88 ? 'in_establishment' : pick(rand, ['contract', 'other']);
    const post = staff === 'full_time_teacher' ? 'professional_technical' : pick(rand, postCategories);
    const status = rand() < 0.97 ? 'active' : 'long_absence';
    const id = uuidv7();
    teacherRows.push([
      id, now, now, formatTeacherNumber({ provinceCode: runtime.config.provinceCode, year, sequence: n }), fictionalName(rand), gender, birthDate,
      rand() < 0.92 ? '01' : pick(rand, ethnicities), pick(rand, ['01', '01', '03', '12', '13', '13', '13']), '1', fc.encrypt(idNumber),
      fc.blindIndex(idNumber, 'doc:1'), maskIdNumber(idNumber), pick(rand, ['11', '14', '14', '21', '21', '21', '21', '31', '31', '41']),
      pick(rand, school.stage === 'secondary_vocational' ? vocTitles : k12Titles), school.id, school.id, school.path, school.stage, status,
      staff, establishment, post, hireDate,
    ]);
    employmentRows.push([uuidv7(), now, now, id, school.id, staff, establishment, post, status, hireDate]);
    // Written as they are built, so the rows never pile up in the heap (and in a later GC pause).
    if (teacherRows.length === BATCH || n === teachers) {
      await insertRows(client, 'teacher', TEACHER_COLUMNS, teacherRows.splice(0));
      await insertRows(client, 'employment', EMPLOYMENT_COLUMNS, employmentRows.splice(0));
    }
    if (n % 50_000 === 0) log(`  ${n.toLocaleString('en')} teachers`);
  }
  await client.query(`select setval('teacher_no_seq', $1)`, [teachers]);
  return { provinceId: province.id, countyId: county1!.id, countyTeachers, schools: schools.length, units: units.length };
}
