import { codeName, type CodeListId } from '@tmis/shared';
import type { DirectoryImport, PlanRow } from './units-api';

/** Where an import stands in 上传 → 预检 → 执行 → 完成, and whether that step failed. */
export function importStep(imp: DirectoryImport | null): { active: number; error: boolean; busy: boolean } {
  if (!imp) return { active: 0, error: false, busy: false };
  switch (imp.status) {
    case 'checking': return { active: 1, error: false, busy: true };
    case 'check_failed': return { active: 1, error: true, busy: false };
    // Invalid rows stop the import at the dry run: the file must be fixed and uploaded again.
    case 'ready': return (imp.summary?.invalid ?? 0) > 0 ? { active: 1, error: true, busy: false } : { active: 2, error: imp.applyJob?.status === 'failed', busy: false };
    case 'applying': return { active: 2, error: false, busy: true };
    case 'applied': return { active: 4, error: false, busy: false };
  }
}

/** The page keeps polling while a job of the import runs. */
export const isBusy = (imp: DirectoryImport | null): boolean => importStep(imp).busy;

/** Apply is offered only for a passed dry run (the gateway refuses the rest anyway). */
export const canApply = (imp: DirectoryImport | null): boolean => imp?.status === 'ready' && (imp.summary?.invalid ?? 1) === 0;

/** The failure to show: the apply's when it ran, else the dry run's. */
export function failureOf(imp: DirectoryImport | null): { code: string | null; message: string } | null {
  const job = imp?.applyJob?.status === 'failed' ? imp.applyJob : imp?.dryRunJob?.status === 'failed' ? imp.dryRunJob : null;
  return job ? { code: job.errorCode, message: job.error ?? '' } : null;
}

export const ACTION_TAGS: Record<PlanRow['action'], 'success' | 'warning' | 'info' | 'danger' | 'primary'> = {
  create: 'success', update: 'primary', unchanged: 'info', close: 'warning', invalid: 'danger',
};

const CODE_FIELDS: Record<string, CodeListId> = { schoolType: 'schoolType', sponsorType: 'sponsorType', urbanRuralType: 'urbanRuralType' };

/** A value of a change as a person reads it: code lists by name (with the code), blanks as such. */
export function valueText(field: string, value: string | null, locale: 'zh-CN' | 'en', words: { empty: string; status: Record<string, string> }): string {
  if (value === null || value === '') return words.empty;
  if (field === 'status') return words.status[value] ?? value;
  const list = CODE_FIELDS[field];
  const name = list ? codeName(list, value, locale) : undefined;
  return name ? (locale === 'en' ? `${name} (${value})` : `${name}（${value}）`) : value;
}

/** One line per change: 名称：甲一区第二小学 → 甲一区实验小学. */
export function changeLines(row: PlanRow, locale: 'zh-CN' | 'en', words: { empty: string; status: Record<string, string>; fields: Record<string, string> }): string[] {
  const sep = locale === 'en' ? ': ' : '：';
  return row.changes.map((c) => `${words.fields[c.field] ?? c.field}${sep}${valueText(c.field, c.from, locale, words)} → ${valueText(c.field, c.to, locale, words)}`);
}

/** Node of the lazy el-tree; every unit may have children (a school its departments), found when opened. */
export interface TreeNode { id: string; label: string; code: string; level: string; status: string }

export function treeNode(u: { id: string; name: string; code: string; level: string; status: string }): TreeNode {
  return { id: u.id, label: u.name, code: u.code, level: u.level, status: u.status };
}
