import { resolve } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { generateChineseIdCard, type Role } from '@tmis/shared';
import type { Runtime } from '../platform/runtime.js';
import { demoCertificateAlgorithm, ensureDemoCertificates } from '../platform/auth/certificates/index.js';
import { Unit } from '../modules/units/unit.entity.js';
import type { Teacher } from '../modules/teachers/teacher.entity.js';
import { buildAccount, buildEffectiveRecord, buildTeacher, buildUnit, signSeedRecords } from './builders.js';
import { fictionalName, pick, prng, randomDate } from './random.js';
import { CITY_SCHOOLS, COUNTY_SCHOOLS, DEMO_PASSWORD, demoStructure, EXTRA_COUNTY_SCHOOLS, SCHOOL_CODE_DIGIT } from './demo-structure.js';
import { seedNationalDemo } from './national-seed.js';
import { seedTrainingDemo } from './training-demo.js';

export interface DemoAccount {
  username: string;
  role: Role;
  unit: string;
  password: string;
  certificate?: string;
  note?: string;
}

const K12_TITLES = ['k12_senior_full', 'k12_senior', 'k12_senior', 'k12_first', 'k12_first', 'k12_first', 'k12_second', 'k12_second', 'k12_third', 'none'];
const HE_TITLES = ['he_professor', 'he_associate_professor', 'he_associate_professor', 'he_lecturer', 'he_lecturer', 'he_assistant'];
const EDUCATION = ['11', '14', '21', '21', '21', '21', '31', '41'];

/**
 * Seeds the demo of the configured deployment once (the caller checks the database is empty):
 * the national accounts in national mode, else the demo province of TMIS_PROVINCE_CODE
 * (330000 is the original 示范省). Returns the demo accounts.
 */
export async function seedDemo(em: EntityManager, runtime: Runtime, certDir = resolve(runtime.config.dataDir, 'demo-certs')): Promise<DemoAccount[]> {
  if (runtime.config.mode === 'national') return seedNationalDemo(em, runtime, certDir);
  const { province: DEMO_PROVINCE, cities: DEMO_CITIES, university: UNIVERSITY, prefix } = demoStructure(runtime.config.provinceCode);
  const rand = prng(20261122);
  const accounts: DemoAccount[] = [];
  const certPeople: { username: string; realName: string; unitName: string }[] = [];
  const wanted: { unit: Unit; username: string; role: Role; realName: string; note?: string; mustChange?: boolean; teacher?: Teacher }[] = [];
  const person = (unit: Unit, username: string, role: Role, note?: string, extra: { mustChange?: boolean; teacher?: Teacher } = {}): void => {
    wanted.push({ unit, username, role, realName: extra.teacher?.name ?? fictionalName(rand), note, ...extra });
  };
  const staff = (unit: Unit, key: string, roles: Role[]): void => {
    for (const role of roles) person(unit, `${key}-${{ system_admin: 'sys', security_admin: 'sec', audit_admin: 'audit', info_admin: 'info', query_user: 'query', training_admin: 'train', teacher: 'teacher', training_institution: 'inst' }[role]}`, role);
  };

  const national = await buildUnit(em, null, { code: '000000', name: '中华人民共和国教育部', level: 'national' });
  const province = await buildUnit(em, national, { code: DEMO_PROVINCE.code, name: DEMO_PROVINCE.name, level: 'province' });
  staff(province, 'prov', ['system_admin', 'info_admin', 'query_user', 'training_admin']);

  const schools: { unit: Unit; teachers: number; regionCode: string }[] = [];
  for (const city of DEMO_CITIES) {
    const cityUnit = await buildUnit(em, province, { code: city.code, name: city.name, level: 'city' });
    staff(cityUnit, city.key, ['system_admin', 'info_admin', 'query_user']);
    for (const [type, suffix, n] of CITY_SCHOOLS) {
      const code = `${SCHOOL_CODE_DIGIT[type]}${prefix}${city.code.slice(2, 6)}901`;
      const s = await buildUnit(em, cityUnit, { code, name: `${city.name.replace('教育局', '')}${suffix}`, level: 'school', schoolType: type, sponsorType: 'education_department', urbanRuralType: '111' });
      schools.push({ unit: s, teachers: n, regionCode: city.code.slice(0, 4) + '02' });
    }
    for (const county of city.counties) {
      const countyUnit = await buildUnit(em, cityUnit, { code: county.code, name: county.name, level: 'county' });
      staff(countyUnit, county.key, ['system_admin', 'info_admin', 'query_user', 'training_admin']);
      const list = [...COUNTY_SCHOOLS, ...(EXTRA_COUNTY_SCHOOLS[county.key] ?? [])];
      let i = 0;
      for (const [type, suffix, n] of list) {
        i++;
        const code = `${SCHOOL_CODE_DIGIT[type]}${prefix}${county.code.slice(2, 6)}${String(i).padStart(3, '0')}`;
        const rural = county.code.endsWith('22') || county.code.endsWith('25');
        const s = await buildUnit(em, countyUnit, {
          code, name: `${county.name.replace('教育局', '')}${suffix}`, level: 'school', schoolType: type,
          sponsorType: 'education_department', urbanRuralType: rural ? pick(rand, ['121', '210', '220']) : '111', address: `${county.name.replace('教育局', '')}示范路${i}号`,
        });
        schools.push({ unit: s, teachers: n, regionCode: county.code });
        if (i === 2) staff(s, `${county.key}-s2`, ['system_admin', 'info_admin', 'query_user']);
      }
    }
  }
  const university = await buildUnit(em, province, { code: UNIVERSITY.code, name: UNIVERSITY.name, level: 'school', schoolType: UNIVERSITY.schoolType, sponsorType: 'education_department', urbanRuralType: '111' });
  staff(university, 'univ', ['system_admin', 'info_admin', 'query_user']);
  for (const d of UNIVERSITY.departments) {
    const dept = await buildUnit(em, university, { code: d.code, name: d.name, level: 'department' });
    schools.push({ unit: dept, teachers: d.teachers, regionCode: `${prefix}0106` });
    if (d.code.endsWith('-03')) person(dept, 'univ-edu-info', 'info_admin', '二级部门信息管理员');
  }
  await em.flush();

  // Teachers: fictional people with checksum-valid ID numbers.
  const teachersBySchool = new Map<string, Teacher[]>();
  let sequence = 0;
  const usedIds = new Set<string>();
  for (const { unit, teachers, regionCode } of schools) {
    const list: Teacher[] = [];
    const higher = unit.level === 'department';
    for (let k = 0; k < teachers; k++) {
      const gender = rand() < 0.7 ? '2' : '1';
      const birthDate = randomDate(rand, 1963, 2001);
      let idNumber = generateChineseIdCard({ regionCode, birthDate, sequence: (sequence += 2) % 1000, gender });
      while (usedIds.has(idNumber)) idNumber = generateChineseIdCard({ regionCode, birthDate, sequence: (sequence += 2) % 1000, gender });
      usedIds.add(idNumber);
      const hireYear = Math.min(2026, Number(birthDate.slice(0, 4)) + 22 + Math.floor(rand() * 10));
      const t = await buildTeacher(em, runtime, unit, {
        name: fictionalName(rand), gender, birthDate, idNumber, ethnicity: rand() < 0.92 ? '01' : pick(rand, ['02', '03', '05', '08', '11']),
        politicalStatus: pick(rand, ['01', '01', '03', '13', '13', '13']), educationLevel: pick(rand, EDUCATION),
        professionalTitle: pick(rand, higher ? HE_TITLES : K12_TITLES), staffCategory: rand() < 0.85 ? 'full_time_teacher' : pick(rand, ['administrative', 'teaching_support']),
        establishmentStatus: rand() < 0.9 ? 'in_establishment' : 'contract', postCategory: 'professional_technical',
        employmentStatus: rand() < 0.97 ? 'active' : 'long_absence', startDate: `${hireYear}-09-01`,
      });
      // The current appointment in the archive's title set (职称评聘 reads years held from it);
      // derived without the random stream, so the rest of the demo data stays as it was.
      if (t.professionalTitle && t.professionalTitle !== 'none') {
        const since = Math.min(2024, hireYear + 3 + (sequence % 8));
        buildEffectiveRecord(em, t, 'title_appointment', { startDate: `${since}-09-01`, title: t.professionalTitle, appointingUnit: unit.name.slice(0, 100) });
      }
      list.push(t);
    }
    teachersBySchool.set(unit.id, list);
    await em.flush();
  }

  // Annual assessments (年度考核) of everyone else for the last three years, so eligibility rules
  // (职称评聘, 定期注册) have data; deterministic, the random stream stays as it was.
  for (const list of teachersBySchool.values()) {
    for (const t of list.slice(5)) for (const year of [2023, 2024, 2025]) buildEffectiveRecord(em, t, 'assessment', { year, result: 'qualified' });
  }

  // A few restricted-set records, so field rules have something to protect.
  for (const list of teachersBySchool.values()) {
    for (const t of list.slice(0, 5)) {
      buildEffectiveRecord(em, t, 'assessment', { year: 2023, result: 'qualified' });
      for (const year of [2024, 2025]) {
        buildEffectiveRecord(em, t, 'assessment', { year, result: rand() < 0.25 ? 'excellent' : 'qualified' });
      }
      buildEffectiveRecord(em, t, 'compensation', { year: 2025, annualSalary: 90000 + Math.floor(rand() * 60000), housingFund: true });
      if (rand() < 0.3) buildEffectiveRecord(em, t, 'ethics', { kind: 'honour', title: '师德标兵', date: '2025-09-10' });
    }
  }

  // Teacher accounts for two teachers of the first school with staff accounts.
  const s2 = wanted.find((w) => w.username === 'dhq-s2-sys')!.unit;
  const [t1, t2] = teachersBySchool.get(s2.id)!;
  person(s2, 'teacher.demo', 'teacher', '本校教师', { teacher: t1 });
  person(s2, 'teacher.first', 'teacher', '首次登录须改密码', { teacher: t2, mustChange: true });
  person(province, 'train-inst', 'training_institution', '培训承办机构');
  // Cities' training admins approve the school-based training of city-run schools (added last, so
  // the random stream of the data above is unchanged).
  for (const city of DEMO_CITIES) {
    const cityUnit = await em.findOneOrFail(Unit, { code: city.code });
    person(cityUnit, `${city.key}-train`, 'training_admin', '市直学校校本研修审核');
  }
  // The security and audit administrators beside the system administrators (三员分立, issue 15.4):
  // the province's and the first county's (also added last, for the same reason).
  person(province, 'prov-sec', 'security_admin', '账号安全、证书、吊销列表');
  person(province, 'prov-audit', 'audit_admin', '审计日志（全省）');
  const firstCounty = await em.findOneOrFail(Unit, { code: DEMO_CITIES[0]!.counties[0]!.code });
  person(firstCounty, `${DEMO_CITIES[0]!.counties[0]!.key}-sec`, 'security_admin', '账号安全（本县）');
  person(firstCounty, `${DEMO_CITIES[0]!.counties[0]!.key}-audit`, 'audit_admin', '审计日志（本县）');

  for (const w of wanted) if (w.role === 'info_admin') certPeople.push({ username: w.username, realName: w.realName, unitName: w.unit.name });
  const fingerprints = await ensureDemoCertificates(certDir, certPeople, { algorithm: demoCertificateAlgorithm(runtime.config.crypto) });
  for (const [i, w] of wanted.entries()) {
    await buildAccount(em, runtime, w.unit, {
      username: w.username, realName: w.realName, role: w.role, password: DEMO_PASSWORD, teacher: w.teacher ?? null,
      idNumber: w.role === 'teacher' ? undefined : generateChineseIdCard({ regionCode: `${prefix}0102`, birthDate: '1980-05-01', sequence: 2 * i, gender: i % 2 ? '1' : '2' }),
      phone: w.role === 'teacher' ? undefined : `139${String(10000000 + i).padStart(8, '0')}`, mustChangePassword: w.mustChange ?? false,
      certFingerprint: fingerprints[w.username] ?? null,
    });
    accounts.push({
      username: w.username, role: w.role, unit: w.unit.name, password: DEMO_PASSWORD, note: w.note,
      certificate: fingerprints[w.username] ? `${certDir}/${w.username}.crt.pem (+ .key.pem)` : undefined,
    });
  }
  await em.flush();
  // Training projects waiting for confirmation, and a qualification of the demo teacher (issue 5).
  await seedTrainingDemo(em, national, province, teachersBySchool.get(s2.id) ?? []);
  // Who entered and who approved each seeded record, by the demo accounts (issue 13.3).
  await signSeedRecords(em);
  return accounts;
}
