// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|vue)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

// A value import of 'element-plus' (static or dynamic) makes the federation plugin load the whole
// library during the host's start-up, i.e. before the login page paints. The shell takes it from
// the share scope instead (element-plus.ts); types, its stylesheet and locale files are fine.
const VALUE_IMPORT = /(?:^|\n)\s*import\s+(?!type\b)[^;]*?from\s+['"]element-plus['"]|(?<!typeof\s+)import\(\s*['"]element-plus['"]\s*\)|(?:^|\n)\s*import\s+['"]element-plus['"]/;

describe('Element Plus stays out of the login page', () => {
  it('no shell module imports element-plus by name', () => {
    const offenders = sources(SRC).filter((file) => VALUE_IMPORT.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => relative(SRC, file))).toEqual([]);
  });

  it('the login views use no Element Plus component, icon or import', () => {
    const login = sources(join(SRC, 'views/login'));
    expect(login.length).toBeGreaterThan(3);
    for (const file of login) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(SRC, file)).not.toMatch(/<el-[a-z]|from\s+['"](?:element-plus|@element-plus\/)|import\(\s*['"](?:element-plus|@element-plus\/)/);
    }
  });
});
