import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { migrate, openOrm } from './orm.js';
import { coreEntities } from '../../app/entities.js';
import { coreMigrations } from './migrations/index.js';

// Several gateway processes start at once on one database: each migrates, none may fail or apply twice.
describe('migrate with several processes at once', () => {
  it('three ORMs migrating one empty database together apply every migration exactly once', async () => {
    const adminUrl = inject('pgAdminUrl');
    const db = `tmis_t_mig_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database "${db}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${db}`;
    const orms = await Promise.all([0, 1, 2].map(() => openOrm({ url: url.toString(), entities: coreEntities, migrations: coreMigrations, poolMax: 2 })));
    try {
      const applied = await Promise.all(orms.map((o) => migrate(o)));
      expect(applied.flat().sort()).toEqual(coreMigrations.map((m) => m.name).sort());
      const rows = await orms[0]!.em.fork().getConnection().execute<{ n: string }[]>('select count(*)::text as n from mikro_orm_migrations');
      expect(Number(rows[0]!.n)).toBe(coreMigrations.length);
    } finally {
      await Promise.all(orms.map((o) => o.close(true)));
      await admin.query(`drop database if exists "${db}" with (force)`);
      await admin.end();
    }
  });
});
