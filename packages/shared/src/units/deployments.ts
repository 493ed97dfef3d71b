import { provinces, type Province } from './provinces.js';

/** What a TMIS deployment stands for: the national system or one provincial-level division. */
export interface DeploymentLevel extends Province {
  /** Official name of the education authority whose root unit the deployment holds. */
  authorityName: string;
}

/** The national level: the Ministry of Education. */
export const NATIONAL_LEVEL: DeploymentLevel = { code: '000000', name: '全国', nameEn: 'National', authorityName: '中华人民共和国教育部' };

// The four municipalities directly under the central government have an education commission.
const MUNICIPALITIES = new Set(['110000', '120000', '310000', '500000']);

/**
 * The 31 provincial-level divisions of the mainland (GB/T 2260) that can run a province system,
 * with the name of their education authority (e.g. 北京市教育委员会, 浙江省教育厅).
 */
export const deploymentProvinces: readonly DeploymentLevel[] = provinces
  .filter((p) => Number(p.code) < 710000)
  .map((p) => ({ ...p, authorityName: `${p.name}${MUNICIPALITIES.has(p.code) ? '教育委员会' : '教育厅'}` }));

/** The provincial-level division with this code, or undefined when it cannot run a province system. */
export function deploymentProvince(code: string): DeploymentLevel | undefined {
  return deploymentProvinces.find((p) => p.code === code);
}
