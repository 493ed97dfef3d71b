import { describe, expect, it } from 'vitest';
import { basePath, matchScreen, screenPath } from './routes';

describe('screens of the registration module', () => {
  it.each([
    [undefined, 'home', {}],
    [['due'], 'due', {}],
    [['teachers', 't-1'], 'teacher', { teacherId: 't-1' }],
    ['review', 'review', {}],
    ['batches/b-1', 'batch', { batchId: 'b-1' }],
  ])('%j → %s', (subPath, screen, params) => {
    expect(matchScreen(subPath)).toEqual({ screen, params });
  });

  it.each([[['teachers']], [['due', 'x']], [['nope']]])('%j matches nothing', (subPath) => {
    expect(matchScreen(subPath)).toBeNull();
  });

  it('paths round-trip under the manifest routePath', () => {
    expect(basePath('registration/')).toBe('/registration');
    expect(screenPath('/registration', 'home')).toBe('/registration');
    expect(screenPath('/registration', 'due')).toBe('/registration/due');
    const p = screenPath('/registration', 'batch', { batchId: 'x/y' });
    expect(p).toBe('/registration/batches/x%2Fy');
    expect(matchScreen(p.split('/').slice(2))).toEqual({ screen: 'batch', params: { batchId: 'x/y' } });
  });
});
