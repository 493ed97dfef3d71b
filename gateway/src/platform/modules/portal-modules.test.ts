import 'reflect-metadata';
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
