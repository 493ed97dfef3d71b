import { pickLabel, type Label, type Locale } from '../locale.js';

/** Level of a unit in the one organisation tree, top-down. */
export type UnitLevel = 'national' | 'province' | 'city' | 'county' | 'school' | 'department';

/** Levels that are education authorities and carry a GB/T 2260 code. */
export type AdministrativeLevel = Extract<UnitLevel, 'national' | 'province' | 'city' | 'county'>;

export const unitLevels: readonly UnitLevel[] = ['national', 'province', 'city', 'county', 'school', 'department'];

export const unitLevelLabels: Record<UnitLevel, Label> = {
  national: { name: '国家', nameEn: 'National' },
  province: { name: '省级', nameEn: 'Province' },
  city: { name: '市级', nameEn: 'City' },
  county: { name: '县级', nameEn: 'County' },
  school: { name: '学校', nameEn: 'School' },
  department: { name: '二级部门', nameEn: 'Department' },
};

// Authorities may run schools directly: the ministry runs central universities,
// provinces and cities run their own schools. Departments may nest (college → office).
const childLevels: Record<UnitLevel, readonly UnitLevel[]> = {
  national: ['province', 'school'],
  province: ['city', 'school'],
  city: ['county', 'school'],
  county: ['school'],
  school: ['department'],
  department: ['department'],
};

export function unitLevelLabel(level: UnitLevel, locale?: Locale): string {
  return pickLabel(unitLevelLabels[level], locale);
}

/** 0 for national, growing downwards. */
export function unitLevelRank(level: UnitLevel): number {
  return unitLevels.indexOf(level);
}

export function isAdministrativeLevel(level: UnitLevel): level is AdministrativeLevel {
  return level === 'national' || level === 'province' || level === 'city' || level === 'county';
}

export function childLevelsOf(level: UnitLevel): readonly UnitLevel[] {
  return childLevels[level];
}

export function canBeChildOf(child: UnitLevel, parent: UnitLevel): boolean {
  return childLevels[parent].includes(child);
}
