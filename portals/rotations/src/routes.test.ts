import { describe, expect, it } from 'vitest';
import { basePath, matchScreen, screenPath } from './routes';

describe('screens of the rotations module', () => {
  it.each([
    [undefined, 'list', {}],
    [[], 'list', {}],
    [['new'], 'new', {}],
    [['counts'], 'counts', {}],
    ['inbox', 'inbox', {}],
    [['0193-abc'], 'detail', { rotationId: '0193-abc' }],
  ])('%j → %s', (subPath, screen, params) => {
    expect(matchScreen(subPath)).toEqual({ screen, params });
  });

  it.each([[['a', 'b']], [['counts', 'x']]])('%j matches nothing', (subPath) => {
    expect(matchScreen(subPath)).toBeNull();
  });

  it('paths round-trip under the manifest routePath', () => {
    expect(basePath('rotations/')).toBe('/rotations');
    expect(screenPath('/rotations', 'list')).toBe('/rotations');
    expect(screenPath('/rotations', 'inbox')).toBe('/rotations/inbox');
    const detail = screenPath('/rotations', 'detail', { rotationId: 'a b' });
    expect(detail).toBe('/rotations/a%20b');
    expect(matchScreen(detail.split('/').slice(2))).toEqual({ screen: 'detail', params: { rotationId: 'a b' } });
  });
});
