import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { defineGatewayModule } from '../../sdk/index.js';
import { loadGatewayModules, migrationPrefix } from './gateway-module.js';

import { sample, SampleNotes20261123000000Init } from './sample-module.fixture.js';

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({}, { modules: [sample] });
  w = await buildWorld(t.app, { accounts: [['m_school_info', 'schoolA', 'info_admin'], ['m_county_query', 'countyA', 'query_user'], ['m_other_info', 'schoolB', 'info_admin']] });
  for (const u of ['m_school_info', 'm_county_query', 'm_other_info']) tok[u] = await loginAs(t, u, w.certDir);
});
afterAll(async () => t?.close());

describe('a province gateway module', () => {
  it('brings its table (migration), GraphQL fields and CASL rules; scope applies as in the core', async () => {
    expect((await t.gql(`mutation { addSampleNote(text: "甲") { text } }`, {}, tok.m_school_info)).data!.addSampleNote.text).toBe('甲');
    expect((await t.gql(`mutation { addSampleNote(text: "乙") { text } }`, {}, tok.m_other_info)).data!.addSampleNote.text).toBe('乙');
    expect((await t.gql(`{ sampleNotes { text } }`, {}, tok.m_county_query)).data!.sampleNotes).toEqual([{ text: '甲' }]);
    expect(errorCode(await t.gql(`mutation { addSampleNote(text: "丙") { text } }`, {}, tok.m_county_query))).toBe('FORBIDDEN');
  });

  it('its rules reach the portal through myAbilities', async () => {
    const packed = JSON.stringify((await t.gql(`{ myAbilities }`, {}, tok.m_county_query)).data!.myAbilities);
    expect(packed).toContain('SampleNote');
  });

  it('a portal remote that needs a gateway module is offered only while the module is loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmis-manifest-'));
    const file = join(dir, 'portal-modules.json');
    const entry = (name: string, gatewayModule?: string) => ({ name, title: name, titleEn: name, remoteEntry: `/remotes/${name}/remoteEntry.js`, exposedModule: './routes', routePath: `/${name}`, requiredAction: 'read', requiredSubject: 'Teacher', gatewayModule });
    // The module's remote declares the case types it handles (the home's 待我处理 links, issue 16.5).
    writeFileSync(file, JSON.stringify({ modules: [{ ...entry('with-module', 'sample-notes'), caseTypes: ['sample_note'] }, entry('missing-module', 'title-evaluation'), entry('plain')] }));
    process.env.TMIS_PORTAL_MODULES = file;
    try {
      const modules = (await t.gql(`{ portalModules { name caseTypes } }`, {}, tok.m_county_query)).data!.portalModules;
      expect(modules).toEqual([{ name: 'with-module', caseTypes: ['sample_note'] }, { name: 'plain', caseTypes: [] }]);
    } finally {
      delete process.env.TMIS_PORTAL_MODULES;
    }
  });
});

describe('loading modules from configuration', () => {
  it('imports the enabled entries and skips disabled ones; a missing entry stops the start with its name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmis-modules-'));
    writeFileSync(join(dir, 'a.mjs'), `export default { name: 'mod-a', title: 'A' };`);
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ modules: [{ name: 'mod-a', entry: join(dir, 'a.mjs') }, { name: 'mod-b', entry: join(dir, 'b.mjs'), enabled: false }] }));
    expect((await loadGatewayModules('330000', join(dir, 'cfg.json'))).map((m) => m.name)).toEqual(['mod-a']);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ modules: [{ name: 'mod-b', entry: join(dir, 'b.mjs') }] }));
    await expect(loadGatewayModules('330000', join(dir, 'bad.json'))).rejects.toThrow(/mod-b/);
    expect(await loadGatewayModules('330000', join(dir, 'none.json'))).toEqual([]);
  });

  it.each([
    ['a bad name', { name: 'Title Evaluation', title: 'x' }, /module name/],
    ['a migration without the module prefix', { name: 'title-evaluation', title: 'x', migrations: [{ name: 'Migration20260101Init', class: SampleNotes20261123000000Init }] }, /must start with TitleEvaluation/],
  ])('refuses %s', (_n, def, message) => {
    expect(() => defineGatewayModule(def as never)).toThrow(message);
    expect(migrationPrefix('title-evaluation')).toBe('TitleEvaluation');
  });
});
