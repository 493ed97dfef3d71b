import { describe, expect, it } from 'vitest';
import { basePath, matchScreen, screenPath } from './routes';

describe('screens of the transfers module', () => {
  it.each([
    [undefined, 'list', {}],
    [[], 'list', {}],
    [['new'], 'new', {}],
    [['inbox'], 'inbox', {}],
    [['interprovincial'], 'interprovincial', {}],
    ['notifications', 'notifications', {}],
    [['0193-abc'], 'detail', { transferId: '0193-abc' }],
  ])('%j → %s', (subPath, screen, params) => {
    expect(matchScreen(subPath)).toEqual({ screen, params });
  });

  it.each([[['a', 'b']], [['inbox', 'x']]])('%j matches nothing', (subPath) => {
    expect(matchScreen(subPath)).toBeNull();
  });

  it('paths round-trip under the manifest routePath', () => {
    expect(basePath('transfers/')).toBe('/transfers');
    expect(screenPath('/transfers', 'list')).toBe('/transfers');
    expect(screenPath('/transfers', 'inbox')).toBe('/transfers/inbox');
    const detail = screenPath('/transfers', 'detail', { transferId: 'a b' });
    expect(detail).toBe('/transfers/a%20b');
    expect(matchScreen(detail.split('/').slice(2))).toEqual({ screen: 'detail', params: { transferId: 'a b' } });
  });
});
