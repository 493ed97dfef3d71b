import type { EntityManager } from '@mikro-orm/postgresql';
import { generateChineseIdCard, NATIONAL_LEVEL, type Role } from '@tmis/shared';
import type { Runtime } from '../platform/runtime.js';
import { demoCertificateAlgorithm, ensureDemoCertificates } from '../platform/auth/certificates/index.js';
import { buildAccount, buildUnit } from './builders.js';
import { DEMO_PASSWORD } from './demo-structure.js';
import type { DemoAccount } from './seed.js';

/** The national demo's people: fictional names, ID numbers of a Beijing district (the Ministry's seat). */
const NATIONAL_STAFF: readonly { username: string; role: Role; realName: string; note: string }[] = [
  { username: 'nat-sys', role: 'system_admin', realName: '钱国华', note: '全国系统管理员' },
  { username: 'nat-info', role: 'info_admin', realName: '孙立新', note: '全国信息管理员' },
  { username: 'nat-query', role: 'query_user', realName: '周晓燕', note: '全国查询用户' },
  { username: 'nat-train', role: 'training_admin', realName: '吴振华', note: '全国培训管理员' },
];

/**
 * The national demo: the Ministry's root unit and its accounts only. Provinces appear in the
 * national system through sync, never as units seeded here.
 */
export async function seedNationalDemo(em: EntityManager, runtime: Runtime, certDir: string): Promise<DemoAccount[]> {
  const national = await buildUnit(em, null, { code: NATIONAL_LEVEL.code, name: NATIONAL_LEVEL.authorityName, level: 'national' });
  await em.flush();
  const fingerprints = await ensureDemoCertificates(certDir, NATIONAL_STAFF.filter((s) => s.role === 'info_admin').map((s) => ({ username: s.username, realName: s.realName, unitName: national.name })), { algorithm: demoCertificateAlgorithm(runtime.config.crypto) });
  const accounts: DemoAccount[] = [];
  for (const [i, s] of NATIONAL_STAFF.entries()) {
    await buildAccount(em, runtime, national, {
      username: s.username, realName: s.realName, role: s.role, password: DEMO_PASSWORD,
      idNumber: generateChineseIdCard({ regionCode: '110102', birthDate: '1976-10-01', sequence: 2 * i, gender: i % 2 ? '2' : '1' }),
      phone: `138${String(10000000 + i).padStart(8, '0')}`, certFingerprint: fingerprints[s.username] ?? null,
    });
    accounts.push({
      username: s.username, role: s.role, unit: national.name, password: DEMO_PASSWORD, note: s.note,
      certificate: fingerprints[s.username] ? `${certDir}/${s.username}.crt.pem (+ .key.pem)` : undefined,
    });
  }
  await em.flush();
  return accounts;
}
