import { generateChineseIdCard, type Role } from '@tmis/shared';
import type { App } from '../app/app.js';
import { buildAccount, buildEffectiveRecord, buildTeacher, buildUnit } from '../demo/builders.js';
import type { Unit } from '../modules/units/unit.entity.js';
import type { Teacher } from '../modules/teachers/teacher.entity.js';
import type { Account } from '../modules/accounts/account.entity.js';
import { demoCertificateAlgorithm, ensureDemoCertificates } from '../platform/auth/certificates/index.js';
import { join } from 'node:path';

export const PASSWORD = 'Passw0rd!x';

export type UnitKey =
  | 'national' | 'provA' | 'cityA' | 'countyA' | 'countyA2' | 'schoolA' | 'schoolA2' | 'schoolB' | 'cityA2' | 'countyA3' | 'schoolC'
  | 'univ' | 'deptU1' | 'deptU2' | 'provSchool' | 'provB' | 'cityB' | 'countyB' | 'schoolZ';

export interface World {
  units: Record<UnitKey, Unit>;
  /** One teacher per school-like unit, keyed by unit. */
  teachers: Partial<Record<UnitKey, Teacher>>;
  /** Document numbers in clear, by teacher id (tests compare with what the API returns). */
  idNumbers: Map<string, string>;
  accounts: Map<string, Account>;
  /** Account document numbers in clear, by username (teacher accounts have none). */
  accountIdNumbers: Map<string, string>;
  certDir: string;
}

let seqForIds = 0;

/**
 * Two provinces: A (330000) with cities, counties, schools and a university with departments;
 * B (110000) with one school. Teachers carry restricted-set records (assessment, compensation, ethics).
 */
/**
 * `oneProvince`: without the second province 110000 and its units, for a database that real
 * gateway processes of province 330000 start on (they refuse a database holding other provinces).
 */
export async function buildWorld(app: App, opts: { accounts?: [string, UnitKey, Role, { teacherOf?: UnitKey; mustChange?: boolean }?][]; oneProvince?: boolean } = {}): Promise<World> {
  const em = app.orm.em.fork();
  const u = {} as Record<UnitKey, Unit>;
  const add = async (key: UnitKey, parent: UnitKey | null, code: string, name: string, level: Unit['level'], schoolType?: string): Promise<void> => {
    u[key] = await buildUnit(em, parent ? u[parent] : null, { code, name, level, schoolType });
  };
  await add('national', null, '000000', '教育部', 'national');
  await add('provA', 'national', '330000', '甲省教育厅', 'province');
  await add('cityA', 'provA', '330100', '甲一市教育局', 'city');
  await add('countyA', 'cityA', '330102', '甲一区教育局', 'county');
  await add('countyA2', 'cityA', '330122', '甲二县教育局', 'county');
  await add('schoolA', 'countyA', '2330102001', '甲一区第一小学', 'school', '211');
  await add('schoolA2', 'countyA', '2330102002', '甲一区第二小学', 'school', '211');
  await add('schoolB', 'countyA2', '3330122001', '甲二县第一中学', 'school', '342');
  await add('cityA2', 'provA', '330200', '甲二市教育局', 'city');
  await add('countyA3', 'cityA2', '330202', '甲三区教育局', 'county');
  await add('schoolC', 'countyA3', '1330202001', '甲三区幼儿园', 'school', '111');
  await add('univ', 'provA', '4330000001', '甲省大学', 'school', '411');
  await add('deptU1', 'univ', '4330000001-01', '文学院', 'department');
  await add('deptU2', 'univ', '4330000001-02', '理学院', 'department');
  await add('provSchool', 'provA', '3330000001', '甲省实验中学', 'school', '342');
  if (!opts.oneProvince) {
    await add('provB', 'national', '110000', '乙省教育厅', 'province');
    await add('cityB', 'provB', '110100', '乙一市教育局', 'city');
    await add('countyB', 'cityB', '110108', '乙一区教育局', 'county');
    await add('schoolZ', 'countyB', '2110108001', '乙一区第一小学', 'school', '211');
  }
  await em.flush();

  const teachers: Partial<Record<UnitKey, Teacher>> = {};
  const idNumbers = new Map<string, string>();
  for (const key of ['schoolA', 'schoolA2', 'schoolB', 'schoolC', 'univ', 'deptU1', 'deptU2', 'provSchool', 'schoolZ'] as UnitKey[]) {
    if (!u[key]) continue;
    const idNumber = generateChineseIdCard({ regionCode: key === 'schoolZ' ? '110108' : '330102', birthDate: '1985-03-15', sequence: 100 + 2 * seqForIds++, gender: '2' });
    const t = await buildTeacher(em, app.runtime, u[key], { name: `教师${key}`, gender: '2', birthDate: '1985-03-15', idNumber, professionalTitle: 'k12_first', startDate: '2010-09-01' });
    idNumbers.set(t.id, idNumber);
    teachers[key] = t;
    buildEffectiveRecord(em, t, 'assessment', { year: 2025, result: 'qualified' });
    buildEffectiveRecord(em, t, 'compensation', { year: 2025, annualSalary: 100000 });
    buildEffectiveRecord(em, t, 'ethics', { kind: 'honour', title: '优秀教师' });
  }
  await em.flush();

  const certDir = join(app.config.dataDir, 'certs');
  const wanted = opts.accounts ?? [];
  const certPeople = wanted.filter(([, , role]) => role === 'info_admin').map(([username, key]) => ({ username, realName: `管理员${username}`, unitName: u[key].name }));
  const fingerprints = await ensureDemoCertificates(certDir, certPeople, { algorithm: demoCertificateAlgorithm(app.config.crypto) });
  const accounts = new Map<string, Account>();
  const accountIdNumbers = new Map<string, string>();
  let i = 0;
  for (const [username, key, role, extra] of wanted) {
    const teacher = extra?.teacherOf ? teachers[extra.teacherOf]! : null;
    const idNumber = teacher ? undefined : generateChineseIdCard({ regionCode: '330102', birthDate: '1980-01-01', sequence: 300 + 2 * i++, gender: '1' });
    if (idNumber) accountIdNumbers.set(username, idNumber);
    const a = await buildAccount(em, app.runtime, u[key], {
      username, realName: teacher?.name ?? `用户${username}`, role, password: PASSWORD, teacher, idNumber,
      phone: '13900000000', mustChangePassword: extra?.mustChange ?? false, certFingerprint: fingerprints[username] ?? null,
    });
    accounts.set(username, a);
  }
  await em.flush();
  return { units: u, teachers, idNumbers, accounts, accountIdNumbers, certDir };
}
