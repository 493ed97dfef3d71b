import { describe, expect, it } from 'vitest';
import { basePath, matchScreen, screenPath, segmentsOf } from './routes';

describe('screens of the records module', () => {
  it.each([
    [undefined, 'search', {}],
    ['', 'search', {}],
    [['teachers'], 'search', {}],
    [['teachers', 'abc-123'], 'archive', { teacherId: 'abc-123' }],
    ['teachers/abc-123', 'archive', { teacherId: 'abc-123' }],
    [['review'], 'review', {}],
    [['changes'], 'changes', {}],
    [['import'], 'import', {}],
  ])('%j → %s', (subPath, screen, params) => {
    expect(matchScreen(subPath)).toEqual({ screen, params });
  });

  it.each([[['nope']], [['teachers', 'a', 'b']], [['review', 'x']]])('%j matches nothing', (subPath) => {
    expect(matchScreen(subPath)).toBeNull();
  });

  it('paths round-trip under the manifest routePath, however it is written', () => {
    for (const routePath of ['/records', 'records/', '/records/']) expect(basePath(routePath)).toBe('/records');
    expect(screenPath('/records', 'search')).toBe('/records');
    expect(screenPath('/records', 'import')).toBe('/records/import');
    const archive = screenPath('/archive', 'archive', { teacherId: 'a b/c' });
    expect(archive).toBe('/archive/teachers/a%20b%2Fc');
    expect(matchScreen(archive.split('/').slice(2))).toEqual({ screen: 'archive', params: { teacherId: 'a b/c' } });
    expect(segmentsOf(['teachers', '', 'x'])).toEqual(['teachers', 'x']);
  });
});
