import type { AppAbility } from '../../auth/ability';
import type { PortalModule } from '../../auth/types';

// The home dashboard's pure parts: which panels a user sees, teacherStatistics cells as chart
// series, and the approval inbox as links to the remotes that declare each case type.

/** The five headcount breakdowns of the dashboard, one `teacherStatistics` dimension each. */
export const DASHBOARD_DIMENSIONS = ['STAGE', 'GENDER', 'AGE_BAND', 'TITLE_LEVEL', 'EDUCATION_GROUP'] as const;
export type DashboardDimension = (typeof DASHBOARD_DIMENSIONS)[number];

export interface StatisticsKey {
  dimension: string;
  value: string | null;
  label: string;
}

export interface StatisticsCell {
  keys: StatisticsKey[];
  /** null when the cell is suppressed (small-cell protection for query users). */
  count: number | null;
  suppressed: boolean;
}

export interface TeacherStatistics {
  total: number | null;
  totalSuppressed: boolean;
  cells: StatisticsCell[];
  suppression: { applied: boolean; minCell: number; primaryCells: number; secondaryCells: number };
}

export interface ChartPoint {
  /** The code (null: not entered). */
  value: string | null;
  label: string;
  count: number | null;
  suppressed: boolean;
}

export interface ChartSeries {
  dimension: DashboardDimension;
  points: ChartPoint[];
  /** Some point is hidden: the chart needs the footnote. */
  hasSuppressed: boolean;
}

// Bands and levels have a natural order; code lists are ordered by code (研究生 10, 本科 20 …).
const FIXED_ORDER: Partial<Record<DashboardDimension, readonly string[]>> = {
  AGE_BAND: ['UNDER_30', 'FROM_30_TO_39', 'FROM_40_TO_49', 'FROM_50_TO_59', 'FROM_60'],
  TITLE_LEVEL: ['senior_full', 'senior_deputy', 'intermediate', 'junior', 'none'],
  STAGE: ['kindergarten', 'primary_secondary', 'secondary_vocational', 'special_education', 'higher_education', 'teacher_training', 'out_of_school'],
};

function rank(dimension: DashboardDimension, value: string | null): [number, string] {
  // 未填报 (null) always last.
  if (value === null) return [Number.MAX_SAFE_INTEGER, ''];
  const order = FIXED_ORDER[dimension];
  const i = order ? order.indexOf(value) : -1;
  return [i >= 0 ? i : (order?.length ?? 0), value];
}

export type LabelOf = (dimension: DashboardDimension, value: string | null, serverLabel: string) => string;

/** The server's (Chinese) label, as it is. */
export const serverLabel: LabelOf = (_dimension, _value, label) => label;

/**
 * One point per cell of a one-dimension `teacherStatistics` result, in the dimension's order.
 * A suppressed cell keeps `count: null` — it must never be drawn or summed as zero.
 */
export function toChartSeries(dimension: DashboardDimension, stats: TeacherStatistics, labelOf: LabelOf = serverLabel): ChartSeries {
  const points = stats.cells
    .map((cell): ChartPoint | null => {
      const key = cell.keys.find((k) => k.dimension === dimension);
      if (!key) return null;
      const suppressed = cell.suppressed || cell.count === null;
      return { value: key.value, label: labelOf(dimension, key.value, key.label), count: suppressed ? null : cell.count, suppressed };
    })
    .filter((p): p is ChartPoint => p !== null)
    .sort((a, b) => {
      const [ra, va] = rank(dimension, a.value);
      const [rb, vb] = rank(dimension, b.value);
      return ra - rb || va.localeCompare(vb);
    });
  return { dimension, points, hasSuppressed: points.some((p) => p.suppressed) };
}

/**
 * Code lists whose English names the dashboard needs. They come from the gateway's `codeLists`
 * with the statistics: importing @tmis/shared's lists here would pull them into the login
 * page's bundle (the shell's entry already reaches that package).
 */
export const DIMENSION_CODE_LISTS: Partial<Record<DashboardDimension, string>> = { STAGE: 'stage', GENDER: 'gender', EDUCATION_GROUP: 'educationLevel' };

export interface CodeListNames {
  id: string;
  items: { code: string; nameEn: string | null }[];
}

/** `DIMENSION.value` → English name, from the code lists. */
export function codeListNames(lists: readonly CodeListNames[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const [dimension, listId] of Object.entries(DIMENSION_CODE_LISTS)) {
    for (const item of lists.find((l) => l.id === listId)?.items ?? []) if (item.nameEn) names.set(`${dimension}.${item.code}`, item.nameEn);
  }
  return names;
}

/**
 * Labels in the UI language: Chinese from the server; English by `english('DIMENSION.value')`
 * (code lists, and the dashboard's own names of bands and title levels), else the server's label.
 */
export function localizedLabel(locale: string, english: (key: string) => string | undefined, notEntered: string): LabelOf {
  return (dimension, value, label) => {
    if (value === null) return notEntered;
    if (locale !== 'en') return label;
    return english(`${dimension}.${value}`) ?? label;
  };
}

export interface ChartTexts {
  /** Shown instead of a suppressed count, e.g. 少量 / <5. */
  suppressed: string;
  /** Series name in the tooltip, e.g. 人数. */
  seriesName: string;
}

export type ChartKind = 'bar' | 'hbar' | 'pie';

/**
 * ECharts option for a series. A suppressed point is a category without a bar ('-' is
 * ECharts' "no data"), its label says 少量 with the footnote mark, never 0.
 */
export function chartOption(series: ChartSeries, kind: ChartKind, texts: ChartTexts): Record<string, unknown> {
  const name = (p: ChartPoint) => (p.suppressed ? `${p.label}（${texts.suppressed}*）` : p.label);
  const tooltipValue = (p: ChartPoint) => (p.suppressed ? `${texts.suppressed}*` : String(p.count));
  const byName = new Map(series.points.map((p) => [name(p), p]));
  const tooltip = {
    trigger: 'item',
    formatter: (params: { name: string }) => {
      const p = byName.get(params.name);
      return p ? `${p.label}<br/>${texts.seriesName}：${tooltipValue(p)}` : params.name;
    },
  };
  if (kind === 'pie') {
    return {
      tooltip,
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          name: texts.seriesName,
          radius: ['30%', '58%'],
          center: ['50%', '45%'],
          label: { formatter: '{b}\n{c}', lineHeight: 16 },
          // A pie cannot show an unknown share: suppressed points stay in the legend only.
          data: series.points.map((p) => ({ name: name(p), value: p.suppressed ? '-' : p.count })),
        },
      ],
    };
  }
  const categories = series.points.map(name);
  const horizontal = kind === 'hbar';
  // Long category names (English) wrap beside horizontal bars and tilt under vertical ones.
  const axisLabel = horizontal ? { interval: 0, width: 120, overflow: 'break', lineHeight: 14 } : { interval: 0, rotate: categories.length > 4 ? 20 : 0 };
  const category = { type: 'category', data: categories, axisLabel };
  const valueAxis = { type: 'value', minInterval: 1 };
  return {
    tooltip,
    // ECharts 6: the grid rect is also the outer bound, so axis labels are kept inside it.
    grid: { left: 8, right: 40, top: 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: horizontal ? valueAxis : category,
    yAxis: horizontal ? { ...category, inverse: true } : valueAxis,
    series: [
      {
        type: 'bar',
        name: texts.seriesName,
        barMaxWidth: 36,
        label: { show: true, position: horizontal ? 'right' : 'top' },
        data: series.points.map((p) => (p.suppressed ? '-' : p.count)),
      },
    ],
  };
}

export interface DashboardPanels {
  statistics: boolean;
  campaign: boolean;
  inbox: boolean;
  reviewQueue: boolean;
  notifications: boolean;
}

/** Which panels the user's rules allow: the same checks the gateway makes. */
export function dashboardPanels(ability: AppAbility): DashboardPanels {
  const statistics = ability.can('read', 'TeacherStatistics');
  return {
    statistics,
    // Progress monitoring is for the same analysts (information admins, query users) over their teachers.
    campaign: statistics && ability.can('read', 'Teacher'),
    inbox: ability.can('read', 'ApprovalCase'),
    reviewQueue: ability.can('review', 'ArchiveRecord') || ability.can('approve', 'ArchiveRecord'),
    notifications: ability.can('read', 'Notification'),
  };
}

/**
 * What a manifest entry declares it handles (`portalModules { name caseTypes }`): the remote's
 * own list of approval-case types (config/portal-modules.*.json), so a province module links
 * its cases without the shell knowing it.
 */
export interface CaseTypeHandler {
  name: string;
  caseTypes: readonly string[];
}

export interface InboxCount {
  type: string;
  name: string;
  count: number;
}

/** A remote's route, by the name the shell's router gives it (`module:<name>`, at its routePath). */
export interface ModuleLocation {
  name: string;
  params?: { subPath: string[] };
}

export interface InboxEntry extends InboxCount {
  /** Where to handle them; null when no remote of this deployment (that the user may open) does. */
  to: ModuleLocation | null;
}

/**
 * Inbox counts with a link to the remote that declares the type, if the shell has mounted that
 * remote for this user (`mounted`: the session's modules, whose routes exist).
 */
export function inboxEntries(counts: readonly InboxCount[], handlers: readonly CaseTypeHandler[], mounted: readonly Pick<PortalModule, 'name'>[]): InboxEntry[] {
  return counts
    .filter((c) => c.count > 0)
    .map((c) => {
      const handler = handlers.find((h) => h.caseTypes.includes(c.type) && mounted.some((m) => m.name === h.name));
      return { ...c, to: handler ? { name: `module:${handler.name}` } : null };
    });
}

/** The records remote's review queue, if the remote is mounted for this user. */
export function reviewQueueLink(modules: readonly PortalModule[]): ModuleLocation | null {
  return modules.some((m) => m.name === 'records') ? { name: 'module:records', params: { subPath: ['review'] } } : null;
}
