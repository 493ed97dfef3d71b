import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPortalModules } from './portal-modules.js';
import { loadGatewayModules } from './gateway-module.js';

const CORE = ['records', 'transfers', 'rotations', 'training', 'registration'];

/** A deployment without its own module files falls back to the core (issue 12). */
describe('module lists per deployment', () => {
  it.each([
    ['330000', [...CORE, 'title-evaluation']],
    ['110000', CORE],
    ['440000', CORE],
    ['000000', CORE],
  ])('portal remotes of %s', (code, names) => {
    expect(loadPortalModules(code, '').map((m) => m.name).sort()).toEqual([...names].sort());
  });

  it.each([['110000'], ['000000']])('%s without a gateway-modules file runs the core alone', async (code) => {
    expect(await loadGatewayModules(code, '')).toEqual([]);
  });
});

/**
 * Issue 16.5: each remote declares the approval-case types its screens handle (the home's 待我处理
 * links come from that). Every workflow someone acts on in the portal is declared by exactly one
 * remote, and nothing undeclared or misspelt is; the province module declares its own type.
 */
describe('caseTypes in the manifests', () => {
  // Imported for their defineWorkflow registrations (the test may reach into modules; the platform may not).
  const workflows = async (): Promise<string[]> => {
    await Promise.all([
      import('../../modules/transfers/transfer.workflow.js'),
      import('../../modules/interprovincial/interprovincial.workflow.js'),
      import('../../modules/rotations/rotation.workflow.js'),
      import('../../modules/training/training.workflows.js'),
      import('../../modules/registration/registration.workflow.js'),
      import('../../modules/data-sharing/data-sharing.workflow.js'),
    ]);
    const { allWorkflows } = await import('../approvals/workflow-definition.js');
    return allWorkflows().map((w) => w.type);
  };
  // Data-sharing applications are decided through the API (docs/analysts.md): no remote has a screen for them.
  const API_ONLY = ['data_sharing'];
  // The province module's workflow (packages/title-evaluation/src/workflow.ts), loaded only where configured.
  const PROVINCE_TYPES: Record<string, string[]> = { '330000': ['title_evaluation'] };

  it.each([['330000'], ['000000']])('%s: every core workflow but the API-only ones is handled by exactly one remote', async (code) => {
    const core = (await workflows()).filter((t) => !API_ONLY.includes(t));
    const declared = loadPortalModules(code, '').flatMap((m) => m.caseTypes);
    expect(declared.length, 'no type is declared twice').toBe(new Set(declared).size);
    expect([...declared].sort()).toEqual([...core, ...(PROVINCE_TYPES[code] ?? [])].sort());
  });

  it('330000: the title-evaluation remote declares the province module’s workflow, the core remotes theirs', () => {
    const byName = Object.fromEntries(loadPortalModules('330000', '').map((m) => [m.name, m.caseTypes]));
    expect(byName).toEqual({
      records: [],
      transfers: ['transfer', 'interprovincial_transfer_in', 'interprovincial_transfer_out'],
      rotations: ['rotation', 'rotation_transfer'],
      'title-evaluation': ['title_evaluation'],
      training: ['training_school_plan', 'training_school_credits', 'training_self_study'],
      registration: ['qualification_registration'],
    });
  });

  it('an entry without caseTypes handles none; a malformed list stops with the entry’s name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmis-portal-'));
    try {
      const file = join(dir, 'portal-modules.json');
      const entry = { name: 'x', title: 'X', titleEn: 'X', remoteEntry: '/remotes/x/remoteEntry.js', exposedModule: './routes', routePath: '/x', requiredAction: 'read', requiredSubject: 'Unit' };
      writeFileSync(file, JSON.stringify({ modules: [entry, { ...entry, name: 'y', caseTypes: ['a', 'a', 'b'] }] }));
      expect(loadPortalModules('330000', file).map((m) => m.caseTypes)).toEqual([[], ['a', 'b']]);
      writeFileSync(file, JSON.stringify({ modules: [{ ...entry, caseTypes: 'transfer' }] }));
      expect(() => loadPortalModules('330000', file)).toThrow('portal module x: caseTypes');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
