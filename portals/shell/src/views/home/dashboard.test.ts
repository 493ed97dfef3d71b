import { defineRulesFor, packAbilityRules, type Principal } from '@tmis/shared';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { applyPackedRules, createAppAbility } from '../../auth/ability';
import type { PortalModule } from '../../auth/types';
import { modulePath } from '../../layout/menu';
import { chartOption, codeListNames, dashboardPanels, inboxEntries, localizedLabel, reviewQueueLink, toChartSeries, type ModuleLocation, type TeacherStatistics } from './dashboard';
import { DASHBOARD_MESSAGES } from './messages';

const cell = (dimension: string, value: string | null, label: string, count: number | null) => ({
  keys: [{ dimension, value, label }],
  count,
  suppressed: count === null,
});

function stats(cells: TeacherStatistics['cells'], total: number | null = 100): TeacherStatistics {
  const hidden = cells.filter((c) => c.count === null).length;
  return { total, totalSuppressed: total === null, cells, suppression: { applied: hidden > 0, minCell: 5, primaryCells: hidden, secondaryCells: 0 } };
}

describe('toChartSeries', () => {
  it('orders age bands by age, not by the order of the cells, and puts 未填报 last', () => {
    const s = toChartSeries('AGE_BAND', stats([
      cell('AGE_BAND', 'FROM_50_TO_59', '50-59岁', 20),
      cell('AGE_BAND', null, '未填报', 7),
      cell('AGE_BAND', 'UNDER_30', '30岁以下', 30),
      cell('AGE_BAND', 'FROM_30_TO_39', '30-39岁', 43),
    ]));
    expect(s.points.map((p) => p.label)).toEqual(['30岁以下', '30-39岁', '50-59岁', '未填报']);
    expect(s.points.map((p) => p.count)).toEqual([30, 43, 20, 7]);
    expect(s.hasSuppressed).toBe(false);
  });

  it.each([
    ['TITLE_LEVEL', ['none', 'junior', 'senior_full', 'intermediate'], ['senior_full', 'intermediate', 'junior', 'none']],
    ['EDUCATION_GROUP', ['30', '10', '20'], ['10', '20', '30']],
    ['STAGE', ['higher_education', 'kindergarten', 'primary_secondary'], ['kindergarten', 'primary_secondary', 'higher_education']],
    ['GENDER', ['2', '1'], ['1', '2']],
  ] as const)('orders %s in its natural order', (dimension, given, expected) => {
    const s = toChartSeries(dimension, stats(given.map((v) => cell(dimension, v, v, 10))));
    expect(s.points.map((p) => p.value)).toEqual(expected);
  });

  it('keeps a suppressed cell as null (never zero) and flags the series for the footnote', () => {
    const s = toChartSeries('TITLE_LEVEL', stats([
      cell('TITLE_LEVEL', 'senior_full', '正高级', null),
      cell('TITLE_LEVEL', 'senior_deputy', '副高级', null),
      cell('TITLE_LEVEL', 'intermediate', '中级', 41),
    ]));
    expect(s.hasSuppressed).toBe(true);
    expect(s.points.map((p) => [p.value, p.count, p.suppressed])).toEqual([
      ['senior_full', null, true],
      ['senior_deputy', null, true],
      ['intermediate', 41, false],
    ]);
  });

  it('treats a cell marked suppressed as hidden even if a count came along', () => {
    const s = toChartSeries('GENDER', stats([{ keys: [{ dimension: 'GENDER', value: '1', label: '男' }], count: 3, suppressed: true }]));
    expect(s.points[0]).toMatchObject({ count: null, suppressed: true });
  });

  it('ignores cells of other dimensions', () => {
    expect(toChartSeries('GENDER', stats([cell('STAGE', 'kindergarten', '幼儿园', 9)])).points).toEqual([]);
  });
});

describe('chartOption', () => {
  const texts = { suppressed: '少量', seriesName: '人数' };
  const series = toChartSeries('EDUCATION_GROUP', stats([
    cell('EDUCATION_GROUP', '10', '研究生教育', null),
    cell('EDUCATION_GROUP', '20', '大学本科教育', 812),
    cell('EDUCATION_GROUP', '30', '大学专科教育', 97),
  ]));

  it('draws no bar for a suppressed cell and names it 少量 with the footnote mark', () => {
    const option = chartOption(series, 'hbar', texts) as { yAxis: { data: string[] }; series: { data: unknown[] }[] };
    expect(option.yAxis.data).toEqual(['研究生教育（少量*）', '大学本科教育', '大学专科教育']);
    expect(option.series[0]!.data).toEqual(['-', 812, 97]);
    expect(option.series[0]!.data).not.toContain(0);
  });

  it('says 少量 in the tooltip of a suppressed cell and the number otherwise', () => {
    const option = chartOption(series, 'bar', texts) as { tooltip: { formatter: (p: { name: string }) => string }; xAxis: { data: string[] } };
    expect(option.xAxis.data[0]).toBe('研究生教育（少量*）');
    expect(option.tooltip.formatter({ name: '研究生教育（少量*）' })).toBe('研究生教育<br/>人数：少量*');
    expect(option.tooltip.formatter({ name: '大学本科教育' })).toBe('大学本科教育<br/>人数：812');
  });

  it('leaves a suppressed share out of a pie (it stays in the legend as 少量)', () => {
    const gender = toChartSeries('GENDER', stats([cell('GENDER', '1', '男', null), cell('GENDER', '2', '女', 95)]));
    const option = chartOption(gender, 'pie', texts) as { series: { data: { name: string; value: unknown }[] }[] };
    expect(option.series[0]!.data).toEqual([
      { name: '男（少量*）', value: '-' },
      { name: '女', value: 95 },
    ]);
  });
});

describe('localizedLabel', () => {
  // As the gateway's codeLists sends them (the dashboard asks for these three).
  const lists = codeListNames([
    { id: 'gender', items: [{ code: '1', nameEn: 'Male' }, { code: '2', nameEn: 'Female' }] },
    { id: 'stage', items: [{ code: 'kindergarten', nameEn: 'Kindergarten' }] },
    { id: 'educationLevel', items: [{ code: '20', nameEn: 'Undergraduate education' }, { code: '21', nameEn: null }] },
    { id: 'ethnicity', items: [{ code: '01', nameEn: 'Han' }] },
  ]);
  const values = DASHBOARD_MESSAGES.en!.statistics.values as Record<string, Record<string, string>>;
  const english = (key: string) => lists.get(key) ?? values[key.split('.')[0]!]?.[key.split('.')[1]!];

  it('maps each code list to its dimension, and nothing else', () => {
    expect([...lists.keys()].sort()).toEqual(['EDUCATION_GROUP.20', 'GENDER.1', 'GENDER.2', 'STAGE.kindergarten']);
  });

  it.each([
    ['zh-CN', 'GENDER', '2', '女', '女'],
    ['en', 'GENDER', '2', '女', 'Female'],
    ['en', 'STAGE', 'kindergarten', '幼儿园', 'Kindergarten'],
    ['en', 'EDUCATION_GROUP', '20', '大学本科教育', 'Undergraduate education'],
    ['en', 'AGE_BAND', 'FROM_60', '60岁及以上', '60 and over'],
    ['en', 'TITLE_LEVEL', 'senior_deputy', '副高级', 'Senior (deputy)'],
    ['en', 'GENDER', null, '未填报', '(none)'],
    ['zh-CN', 'AGE_BAND', null, '未填报', '(none)'],
    ['en', 'GENDER', '9', '未说明的性别', '未说明的性别'],
  ] as const)('%s %s %s → %s', (locale, dimension, value, server, expected) => {
    expect(localizedLabel(locale, english, '(none)')(dimension, value, server)).toBe(expected);
  });
});

describe('the dashboard messages', () => {
  const keys = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
  it('English mirrors every Chinese key', () => {
    expect(keys(DASHBOARD_MESSAGES.en!).sort()).toEqual(keys(DASHBOARD_MESSAGES['zh-CN']!).sort());
  });
});

// The panels a role sees, from the real rules the gateway sends (packed, as `myAbilities`).
function abilityOf(role: Principal['role'], unitLevel: Principal['unitLevel'], teacherId?: string) {
  const ability = createAppAbility();
  const p: Principal = { accountId: 'a1', role, unitId: 'u1', unitPath: '/1/2/', unitLevel, teacherId: teacherId ?? null };
  applyPackedRules(ability, packAbilityRules(defineRulesFor(p)));
  return ability;
}

describe('dashboardPanels', () => {
  it.each([
    // role, level, statistics, campaign, review queue
    ['query_user', 'province', true, true, false],
    ['query_user', 'school', true, true, false],
    ['info_admin', 'county', true, true, true],
    ['info_admin', 'school', true, true, true],
    ['system_admin', 'county', false, false, false],
    ['training_admin', 'province', false, false, false],
    ['teacher', 'school', false, false, false],
    ['training_institution', 'province', false, false, false],
  ] as const)('%s of a %s: statistics %s, campaign %s, review queue %s', (role, level, statistics, campaign, review) => {
    const panels = dashboardPanels(abilityOf(role, level, role === 'teacher' ? 't1' : undefined));
    expect(panels).toMatchObject({ statistics, campaign, reviewQueue: review });
    // Everyone signed in has their own cases and notices.
    expect(panels.inbox).toBe(true);
    expect(panels.notifications).toBe(true);
  });

  it('shows nothing without rules', () => {
    expect(dashboardPanels(createAppAbility())).toEqual({ statistics: false, campaign: false, inbox: false, reviewQueue: false, notifications: false });
  });
});

const module = (name: string, routePath: string): PortalModule => ({
  name, title: name, titleEn: name, remoteEntry: `/remotes/${name}/remoteEntry.js`, exposedModule: './routes', routePath,
  icon: 'Grid', requiredAction: 'read', requiredSubject: 'X',
});

describe('inboxEntries', () => {
  const modules = [module('transfers', '/transfers'), module('rotations', 'rotations/'), module('training', '/training'), module('records', '/records')];
  // The shell's router mounts each remote as `module:<name>` at its routePath and below.
  const href = (to: ModuleLocation | null, mounted: PortalModule[] = modules) => {
    if (!to) return null;
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: {}, name: 'home' }] });
    for (const m of mounted) router.addRoute({ path: `${modulePath(m)}/:subPath(.*)*`, name: `module:${m.name}`, component: {} });
    return router.resolve(to).fullPath;
  };

  // As config/portal-modules.330000.json declares them (portalModules { name caseTypes }).
  const handlers = [
    { name: 'records', caseTypes: [] },
    { name: 'transfers', caseTypes: ['transfer', 'interprovincial_transfer_in', 'interprovincial_transfer_out'] },
    { name: 'rotations', caseTypes: ['rotation', 'rotation_transfer'] },
    { name: 'title-evaluation', caseTypes: ['title_evaluation'] },
    { name: 'training', caseTypes: ['training_school_plan', 'training_school_credits', 'training_self_study'] },
    { name: 'registration', caseTypes: ['qualification_registration'] },
  ];

  it('links each case type to the remote that declares it, if that remote is mounted', () => {
    const entries = inboxEntries([
      { type: 'transfer', name: '教师调动', count: 2 },
      { type: 'rotation_transfer', name: '交流轮岗（转人事关系）', count: 1 },
      { type: 'training_self_study', name: '自主研修', count: 3 },
      { type: 'qualification_registration', name: '资格注册', count: 1 },
      { type: 'data_sharing', name: '数据共享', count: 1 },
    ], handlers, modules);
    expect(entries.map((e) => [e.type, e.count, href(e.to)])).toEqual([
      ['transfer', 2, '/transfers'],
      ['rotation_transfer', 1, '/rotations'],
      ['training_self_study', 3, '/training'],
      // The registration remote is not mounted for this user; no remote declares data sharing.
      ['qualification_registration', 1, null],
      ['data_sharing', 1, null],
    ]);
  });

  it.each(handlers.flatMap((h) => h.caseTypes.map((type) => [type, h.name])))('%s is handled by the %s remote', (type, name) => {
    const mounted = [module(name, `/${name}`)];
    expect(href(inboxEntries([{ type, name: type, count: 1 }], handlers, mounted)[0]!.to, mounted)).toBe(`/${name}`);
  });

  it('a province module links its own case type by declaring it; the shell knows no list', () => {
    const mounted = [...modules, module('awards', '/awards')];
    const counts = [{ type: 'teacher_award', name: '评优评先', count: 4 }];
    expect(inboxEntries(counts, handlers, mounted)[0]!.to).toBeNull();
    const withAwards = [...handlers, { name: 'awards', caseTypes: ['teacher_award'] }];
    expect(href(inboxEntries(counts, withAwards, mounted)[0]!.to, mounted)).toBe('/awards');
  });

  it('drops empty types', () => {
    expect(inboxEntries([{ type: 'transfer', name: '教师调动', count: 0 }], handlers, modules)).toEqual([]);
  });

  it('sends the review queue to the records remote', () => {
    expect(href(reviewQueueLink(modules))).toBe('/records/review');
    expect(reviewQueueLink([])).toBeNull();
  });
});
