import { inject } from 'vue';
import type { PortalHost } from '../../modules/portal-host';
import { DASHBOARD_DIMENSIONS, DIMENSION_CODE_LISTS, type CaseTypeHandler, type CodeListNames, type DashboardDimension, type InboxCount, type TeacherStatistics } from './dashboard';

// Each panel reads its own data (silently: a panel shows its own error) so one refusal does
// not blank the others.

export type Graphql = PortalHost['graphql'];

/**
 * GraphQL with the session, through the host the shell provides to remotes (same key, no
 * import): the login page's bundle needs to export nothing more for this chunk.
 */
export function useGraphql(): Graphql {
  const host = inject<PortalHost>('tmis:portal-host');
  if (!host) throw new Error('tmis:portal-host is not provided');
  return host.graphql;
}

const STATS_FIELDS = 'total totalSuppressed cells { keys { dimension value label } count suppressed } suppression { applied minCell primaryCells secondaryCells }';

export interface DashboardStatistics {
  unit: { id: string; name: string };
  asOf: string;
  total: TeacherStatistics;
  byDimension: Record<DashboardDimension, TeacherStatistics>;
  codeLists: CodeListNames[];
}

/**
 * The total and one breakdown per dimension, as aliases of one request (active teachers, today),
 * with the code lists' English names.
 */
export async function fetchStatistics(gql: Graphql): Promise<DashboardStatistics> {
  const parts = DASHBOARD_DIMENSIONS.map((d) => `${d}: teacherStatistics(dimensions: [${d}]) { ${STATS_FIELDS} }`).join('\n');
  type Result = Record<DashboardDimension, TeacherStatistics> & {
    total: TeacherStatistics & { unit: { id: string; name: string }; asOf: string };
    codeLists: CodeListNames[];
  };
  const data = await gql<Result>(
    `query HomeStatistics($lists: [String!]) { total: teacherStatistics(dimensions: []) { unit { id name } asOf ${STATS_FIELDS} }
      ${parts}
      codeLists(ids: $lists) { id items { code nameEn } } }`,
    { lists: [...new Set(Object.values(DIMENSION_CODE_LISTS))] },
    { silent: true },
  );
  const byDimension = Object.fromEntries(DASHBOARD_DIMENSIONS.map((d) => [d, data[d]!])) as Record<DashboardDimension, TeacherStatistics>;
  return { unit: data.total.unit, asOf: data.total.asOf, total: data.total, byDimension, codeLists: data.codeLists };
}

export interface UnitProgress {
  unitId: string;
  unitName: string;
  teachers: number;
  entered: number;
  submitted: number;
  approved: number;
  /** Teachers with every set required for their stage entered or confirmed unchanged in the window. */
  updated: number;
  returned: number;
  pending: number;
  overdue: number;
  completion: number;
  /** The deadline that applies to the unit (its county's own, else the province's). */
  deadline: string;
}

export interface Campaign {
  id: string;
  title: string;
  opensOn: string;
  /** The province's deadline. */
  deadline: string;
  /** The earlier deadline of the user's county, when it set one. */
  countyDeadline: string | null;
  /** The deadline that applies to the user's unit. */
  effectiveDeadline: string;
}

export interface CampaignOverview {
  campaign: Campaign;
  total: UnitProgress;
  lagging: UnitProgress[];
}

const PROGRESS = 'unitId unitName teachers entered submitted approved updated returned pending overdue completion deadline';

/** The current update campaign (信息更新工作) and its progress in the user's unit. */
export async function fetchCampaign(gql: Graphql): Promise<CampaignOverview> {
  const { updateCampaign } = await gql<{ updateCampaign: Campaign }>(
    'query HomeCampaign { updateCampaign { id title opensOn deadline countyDeadline effectiveDeadline } }',
    {},
    { silent: true },
  );
  const { campaignProgress } = await gql<{ campaignProgress: { total: UnitProgress; lagging: UnitProgress[] } }>(
    `query HomeCampaignProgress($id: ID!) { campaignProgress(campaignId: $id) { total { ${PROGRESS} } lagging { ${PROGRESS} } } }`,
    { id: updateCampaign.id },
    { silent: true },
  );
  return { campaign: updateCampaign, total: campaignProgress.total, lagging: campaignProgress.lagging };
}

export interface CampaignTeacher {
  teacherId: string;
  teacherNo: string;
  name: string;
  /** Required sets not yet entered nor confirmed unchanged in the campaign. */
  missingSets: string[];
}

/** The teachers of the user's unit not yet updated in the campaign, a page at a time. */
export async function fetchPendingTeachers(gql: Graphql, campaignId: string, first: number, offset: number): Promise<{ nodes: CampaignTeacher[]; totalCount: number }> {
  const { campaignTeachers } = await gql<{ campaignTeachers: { nodes: CampaignTeacher[]; totalCount: number } }>(
    `query HomeCampaignTeachers($id: ID!, $first: Int, $offset: Int) {
      campaignTeachers(campaignId: $id, pendingOnly: true, first: $first, offset: $offset) { totalCount nodes { teacherId teacherNo name missingSets } } }`,
    { id: campaignId, first, offset },
    { silent: true },
  );
  return campaignTeachers;
}

export interface ConfirmationResult {
  teacherId: string;
  ok: boolean;
  code: string | null;
  message: string | null;
  infoSets: string[];
}

/** 确认无变化: the school confirms every required set of these teachers unchanged in the campaign. */
export async function confirmUnchanged(gql: Graphql, campaignId: string, teacherIds: string[]): Promise<ConfirmationResult[]> {
  const { confirmArchiveUnchanged } = await gql<{ confirmArchiveUnchanged: ConfirmationResult[] }>(
    `mutation HomeConfirmUnchanged($id: ID!, $teachers: [ID!]!) {
      confirmArchiveUnchanged(campaignId: $id, teacherIds: $teachers) { teacherId ok code message infoSets } }`,
    { id: campaignId, teachers: teacherIds },
  );
  return confirmArchiveUnchanged;
}

export interface WorkWaiting {
  counts: InboxCount[];
  /** Which remote handles which case types, as the manifest declares (asked with the counts). */
  handlers: CaseTypeHandler[];
  /** Records awaiting my review or approval; null when not asked. */
  reviewQueue: number | null;
  /** Unread notifications, counted by the gateway (not the length of a list); null when not asked. */
  unread: number | null;
}

export async function fetchWorkWaiting(gql: Graphql, ask: { inbox: boolean; reviewQueue: boolean; notifications: boolean }): Promise<WorkWaiting> {
  const fields = [
    // The remotes' own declarations of the case types they handle, with the counts they link.
    ask.inbox ? 'approvalInbox { counts { type name count } }\nportalModules { name caseTypes }' : '',
    ask.reviewQueue ? 'archiveRecords(filter: { awaitingMe: true }, first: 1) { totalCount }' : '',
    ask.notifications ? 'unreadNotificationCount' : '',
  ].filter(Boolean);
  if (fields.length === 0) return { counts: [], handlers: [], reviewQueue: null, unread: null };
  const data = await gql<{
    approvalInbox?: { counts: InboxCount[] };
    portalModules?: CaseTypeHandler[];
    archiveRecords?: { totalCount: number };
    unreadNotificationCount?: number;
  }>(`query HomeWorkWaiting { ${fields.join('\n')} }`, {}, { silent: true });
  return {
    counts: data.approvalInbox?.counts ?? [],
    handlers: data.portalModules ?? [],
    reviewQueue: data.archiveRecords?.totalCount ?? null,
    unread: data.unreadNotificationCount ?? null,
  };
}
