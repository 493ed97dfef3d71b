import { describe, expect, it } from 'vitest';
import { basePath, matchScreen, screenPath } from './routes';

describe('screens of the training module', () => {
  it.each([
    [undefined, 'home', {}],
    [['projects'], 'projects', {}],
    [['projects', 'p-1'], 'project', { projectId: 'p-1' }],
    ['credits', 'credits', {}],
    ['credits/t-1', 'teacherCredits', { teacherId: 't-1' }],
    [['completion'], 'completion', {}],
    [['rules'], 'rules', {}],
    [['approvals'], 'approvals', {}],
  ])('%j → %s', (subPath, screen, params) => {
    expect(matchScreen(subPath)).toEqual({ screen, params });
  });

  it.each([[['nope']], [['projects', 'a', 'b']], [['rules', 'x']]])('%j matches nothing', (subPath) => {
    expect(matchScreen(subPath)).toBeNull();
  });

  it('paths round-trip under the manifest routePath', () => {
    expect(basePath('/training/')).toBe('/training');
    expect(screenPath('/training', 'home')).toBe('/training');
    const p = screenPath('/training', 'project', { projectId: 'a b' });
    expect(p).toBe('/training/projects/a%20b');
    expect(matchScreen(p.split('/').slice(2))).toEqual({ screen: 'project', params: { projectId: 'a b' } });
    expect(screenPath('/training', 'teacherCredits', { teacherId: 'x' })).toBe('/training/credits/x');
  });
});
