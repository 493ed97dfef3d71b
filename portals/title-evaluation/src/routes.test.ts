import { describe, expect, it } from 'vitest';
import { basePath, matchScreen, screenPath } from './routes';
import { errorTextOf, MESSAGES, titleLabel } from './i18n';

describe('screens of the title-evaluation module', () => {
  it.each([
    [undefined, 'rounds'], ['', 'rounds'], [['rounds'], 'rounds'], [['nominations'], 'nominations'], ['review', 'review'], [['x'], null], [['review', 'x'], null],
  ])('%j → %s', (subPath, screen) => {
    expect(matchScreen(subPath)).toBe(screen);
  });

  it('builds paths under the manifest routePath', () => {
    expect(basePath('/title-evaluation/')).toBe('/title-evaluation');
    expect(screenPath('/title-evaluation', 'rounds')).toBe('/title-evaluation');
    expect(screenPath('/title-evaluation', 'review')).toBe('/title-evaluation/review');
  });
});

describe('texts', () => {
  it('English mirrors every Chinese key', () => {
    const keys = (o: object, prefix = ''): string[] => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(MESSAGES.en).sort()).toEqual(keys(MESSAGES['zh-CN']).sort());
  });

  it('shows the module’s error codes in the chosen language and leaves core codes to the shell', () => {
    const host = (code: string | null | undefined, fallback = '') => `core:${code ?? ''}:${fallback}`;
    expect(errorTextOf({ code: 'TITLE_QUOTA_EXCEEDED', message: 'x' }, 'zh-CN', host)).toBe('推荐人数已达本单位名额');
    expect(errorTextOf({ code: 'TITLE_QUOTA_EXCEEDED' }, 'en', host)).toBe('Your unit’s quota is used up');
    expect(errorTextOf({ code: 'FORBIDDEN', message: '没有权限' }, 'zh-CN', host)).toBe('core:FORBIDDEN:没有权限');
    expect(titleLabel('k12_senior', 'zh-CN')).toBe('高级教师');
    expect(titleLabel('k12_senior', 'en')).toBe('Senior teacher');
  });
});
