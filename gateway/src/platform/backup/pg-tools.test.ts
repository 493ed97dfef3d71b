import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { candidateDirs, chooseTool, findPgTool, parseToolVersion, toolConnection } from './pg-tools.js';
import { parseBackupArgs } from './backup-command.js';

describe('pg tool versions', () => {
  it.each([
    ['pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)', { major: 15, version: '15.20' }],
    ['pg_dump (PostgreSQL) 18.6', { major: 18, version: '18.6' }],
    ['pg_restore (PostgreSQL) 18beta1', { major: 18, version: '18beta1' }],
    ['pg_dump (PostgreSQL) 17.2 (Ubuntu 17.2-1.pgdg22.04+1)', { major: 17, version: '17.2' }],
    ['something else', null],
    ['', null],
  ])('%j → %j', (out, expected) => {
    expect(parseToolVersion(out)).toEqual(expected);
  });

  it.each([
    [[15, 18], 18, 18],
    [[18, 15], 15, 15],
    [[15, 17], 18, undefined], // an older pg_dump cannot dump a newer server, a newer one is not ours to use
    [[], 18, undefined],
  ])('tools of majors %j for a server of %i → %s', (majors, server, chosen) => {
    expect(chooseTool(majors.map((major) => ({ major })), server)?.major).toBe(chosen);
  });
});

describe('where the tools are looked for', () => {
  it('TMIS_PG_BIN_DIR is the only place when set', () => {
    expect(candidateDirs({ TMIS_PG_BIN_DIR: '/opt/pg/bin', PATH: '/usr/bin' })).toEqual(['/opt/pg/bin']);
  });

  it('otherwise the client built for the embedded server (cache) comes before PATH', () => {
    const cache = mkdtempSync(join(tmpdir(), 'tmis-cache-'));
    const bin = join(cache, 'tmis', 'pg-client-18.6', 'bin');
    mkdirSync(bin, { recursive: true });
    mkdirSync(join(cache, 'tmis', 'build-18.6-123'), { recursive: true }); // a build in progress is not a client
    const dirs = candidateDirs({ XDG_CACHE_HOME: cache, PATH: '/usr/bin:/bin' });
    expect(dirs.filter((d) => d.startsWith(cache))).toEqual([bin]);
    expect(dirs.indexOf(bin)).toBeLessThan(dirs.indexOf('/usr/bin'));
    expect(dirs.slice(-2)).toEqual(['/usr/bin', '/bin']);
  });

  it('refuses with BACKUP_TOOL_MISSING, naming what it found and the package to install', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmis-fake-pg-'));
    const fake = join(dir, 'pg_dump');
    writeFileSync(fake, '#!/bin/sh\necho "pg_dump (PostgreSQL) 15.20"\n');
    chmodSync(fake, 0o755);
    const err = await findPgTool('pg_dump', 18, { TMIS_PG_BIN_DIR: dir }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BACKUP_TOOL_MISSING', details: { tool: 'pg_dump', serverMajor: 18, found: [`${fake} (15.20)`] } });
    expect((err as Error).message).toContain('postgresql-client-18');
    await expect(findPgTool('pg_dump', 15, { TMIS_PG_BIN_DIR: dir })).resolves.toMatchObject({ path: fake, major: 15 });
  });
});

describe('the command line', () => {
  it('keeps the password off the tools\' command line', () => {
    expect(toolConnection('postgres://tmis:s%40cret@db.example:5432/tmis')).toEqual({
      dbname: 'postgres://tmis@db.example:5432/tmis', env: { PGPASSWORD: 's@cret' },
    });
    expect(toolConnection('postgres://root@127.0.0.1:5432/tmis').env).toEqual({});
  });

  it.each([
    ['backup', ['--out', 'a.dump'], { file: 'a.dump', force: false }],
    ['backup', ['--out=b.dump'], { file: 'b.dump', force: false }],
    ['restore', ['--in', 'a.dump', '--force'], { file: 'a.dump', force: true }],
  ] as const)('%s %j', (cmd, argv, expected) => {
    const r = parseBackupArgs(cmd, [...argv]);
    expect(r.file.endsWith(expected.file)).toBe(true);
    expect(r.force).toBe(expected.force);
  });

  it.each([
    ['backup', [], '--out'],
    ['backup', ['--out', 'a', '--force'], '--force'], // --force only restores
    ['restore', ['--out', 'a'], '--out'],
  ] as const)('%s %j is refused (VALIDATION_FAILED on %s)', (cmd, argv, argument) => {
    expect(() => parseBackupArgs(cmd, [...argv])).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: { argument } }));
  });
});
