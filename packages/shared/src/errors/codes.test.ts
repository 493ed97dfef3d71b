import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, errorMessage, isErrorCode } from './codes.js';
import type { ErrorMessageTable } from './message-table.js';

/**
 * The catalogue is assembled from each domain's codes (access/rules/<domain>.errors.ts) and the
 * codes of no domain (errors/*.ts). Found on disk here, not taken from codes.ts, so a file that
 * codes.ts forgets fails too.
 */
const errorsDir = dirname(fileURLToPath(import.meta.url));
const rulesDir = join(errorsDir, '..', 'access', 'rules');
const NOT_TABLES = new Set(['codes.ts', 'index.ts', 'message-table.ts']);
const files = [
  ...readdirSync(errorsDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_TABLES.has(f)).map((f) => join(errorsDir, f)),
  ...readdirSync(rulesDir).filter((f) => f.endsWith('.errors.ts')).map((f) => join(rulesDir, f)),
];

async function tables(): Promise<{ file: string; name: string; table: ErrorMessageTable }[]> {
  const out: { file: string; name: string; table: ErrorMessageTable }[] = [];
  for (const path of files) {
    const mod = (await import(path)) as Record<string, unknown>;
    for (const [name, table] of Object.entries(mod)) out.push({ file: relative(join(errorsDir, '..'), path), name, table: table as ErrorMessageTable });
  }
  return out;
}

describe('error codes', () => {
  it('are found in the domain files', () => {
    expect(files.filter((f) => f.endsWith('.errors.ts')).length).toBeGreaterThan(20);
  });

  it('no code is defined twice', async () => {
    const where = new Map<string, string[]>();
    for (const { file, name, table } of await tables()) {
      for (const code of Object.keys(table)) where.set(code, [...(where.get(code) ?? []), `${file} ${name}`]);
    }
    expect([...where].filter(([, places]) => places.length > 1)).toEqual([]);
  });

  it('the catalogue is exactly the codes of the files, with their messages', async () => {
    const all = await tables();
    const merged = Object.assign({}, ...all.map((t) => t.table)) as ErrorMessageTable;
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual(Object.keys(merged).sort());
    expect(ERROR_MESSAGES).toEqual(merged);
  });

  it('every code is UPPER_SNAKE_CASE and has a Chinese and an English message', () => {
    const bad = Object.entries(ERROR_MESSAGES as ErrorMessageTable).filter(([code, m]) =>
      !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(code)
      || typeof m.zh !== 'string' || !/\p{Script=Han}/u.test(m.zh) || m.zh.trim() !== m.zh
      || typeof m.en !== 'string' || !/[A-Za-z]/.test(m.en) || m.en.trim() !== m.en);
    expect(bad).toEqual([]);
    expect(errorMessage('FORBIDDEN')).toBe('没有权限执行此操作');
    expect(errorMessage('FORBIDDEN', 'en')).toBe('You are not allowed to do this');
    expect([isErrorCode('TRANSFER_STALE'), isErrorCode('NO_SUCH_CODE')]).toEqual([true, false]);
  });

  it('a domain\'s codes sit beside its rules and import nothing (so @tmis/shared/errors never pulls in the rules)', () => {
    for (const path of files) {
      const imports = readFileSync(path, 'utf8').split('\n').filter((line) => /^\s*(import|export)\b.*\bfrom\b/.test(line));
      expect(imports.filter((line) => !/^import type /.test(line)), relative(errorsDir, path)).toEqual([]);
      if (path.endsWith('.errors.ts')) expect(existsSync(path.replace(/\.errors\.ts$/, '.ts')), `${relative(errorsDir, path)} beside its rules file`).toBe(true);
    }
  });
});
