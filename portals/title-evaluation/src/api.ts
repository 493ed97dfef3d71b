import type { Page } from '@tmis/portal-cases';
import type { PortalHost } from '@tmis/portal-sdk';

export interface Round {
  id: string; year: number; name: string; titles: string[]; nominationStart: string; nominationEnd: string;
  totalQuota: number; minYearsInTitle: number; assessmentYears: number; status: string;
}
export interface Quota {
  id: string; unitId: string; unitName: string; unitCode: string; unitLevel: string; parentQuotaId: string | null; quota: number; used: number;
  allocatedDown: number; available: number; headcount: number; exactQuota: number; floor: number; remainder: number; remainderRank: number | null; fromRemainder: number;
}
/** A unit's quota and the working of its split; the rows themselves come a page at a time (`quotaPage`). */
export interface Allocation { own: Quota; rowCount: number; totalHeadcount: number; leftover: number; method: string }
export interface QuotaPageQuery { first: number; offset: number; sort?: string | null; desc?: boolean | null }
export interface Condition { key: string; label: string; met: boolean; reason: string }
export interface Eligibility { teacherId: string; teacherName: string; currentTitle: string | null; targetTitle: string | null; eligible: boolean; conditions: Condition[] }
export interface Nomination {
  id: string; teacherId: string; teacherNo: string; teacherName: string; schoolName: string; scopePath: string; currentTitle: string | null; targetTitle: string;
  conditions: Condition[]; status: string; closeReason: string | null; createdAt: string;
  approvalCase: { id: string; version: number; currentStepName: string | null; status: string } | null;
}
export interface TeacherHit { id: string; name: string; teacherNo: string; professionalTitle: string | null; school: { name: string } | null; unit: { path: string } | null }
export interface InboxItem {
  daysPending: number;
  approvalCase: { id: string; type: string; version: number; currentStepName: string | null; subjectId: string; payload: Record<string, unknown> | null; createdAt: string };
}
export interface OpenRoundInput {
  year: number; name?: string; titles: string[]; nominationStart: string; nominationEnd: string; totalQuota: number; minYearsInTitle: number; assessmentYears: number;
}

const ROUND = 'id year name titles nominationStart nominationEnd totalQuota minYearsInTitle assessmentYears status';
const QUOTA = 'id unitId unitName unitCode unitLevel parentQuotaId quota used allocatedDown available headcount exactQuota floor remainder remainderRank fromRemainder';
const CONDITION = 'key label met reason';
const NOMINATION = `id teacherId teacherNo teacherName schoolName scopePath currentTitle targetTitle conditions { ${CONDITION} } status closeReason createdAt approvalCase { id version currentStepName status }`;

export function titleApi(host: PortalHost) {
  const gql = host.graphql.bind(host);
  return {
    async rounds() {
      return (await gql<{ titleRounds: Round[] }>(`query TeRounds { titleRounds { ${ROUND} } }`)).titleRounds;
    },
    async openRound(input: OpenRoundInput) {
      return (await gql<{ openTitleRound: Round }>(`mutation TeOpen($i: OpenTitleRoundInput!) { openTitleRound(input: $i) { ${ROUND} } }`, { i: input }, { silent: true })).openTitleRound;
    },
    async closeRound(id: string) {
      return (await gql<{ closeTitleRound: Round }>(`mutation TeClose($id: ID!) { closeTitleRound(id: $id) { ${ROUND} } }`, { id })).closeTitleRound;
    },
    async allocation(roundId: string, unitId: string) {
      return (await gql<{ titleQuotaAllocation: Allocation }>(
        `query TeAllocation($r: ID!, $u: ID!) { titleQuotaAllocation(roundId: $r, unitId: $u) { own { ${QUOTA} } rowCount totalHeadcount leftover method } }`,
        { r: roundId, u: unitId }, { silent: true })).titleQuotaAllocation;
    },
    async quotaForMe(roundId: string) {
      return (await gql<{ titleQuotaForMe: Quota | null }>(`query TeMine($r: ID!) { titleQuotaForMe(roundId: $r) { ${QUOTA} } }`, { r: roundId }, { silent: true })).titleQuotaForMe;
    },
    /**
     * A page of the round's quota rows in scope and their total (nothing is cut off); with
     * `parentUnitId`, the rows that unit allocated to the units directly below it.
     */
    async quotaPage(roundId: string, parentUnitId: string | null, q: QuotaPageQuery): Promise<Page<Quota>> {
      return (await gql<{ titleQuotaPage: Page<Quota> }>(
        `query TeQuotaPage($r: ID!, $p: ID, $f: Int!, $o: Int!, $s: String, $d: Boolean) {
          titleQuotaPage(roundId: $r, parentUnitId: $p, first: $f, offset: $o, sort: $s, desc: $d) { totalCount nodes { ${QUOTA} } } }`,
        { r: roundId, p: parentUnitId, f: q.first, o: q.offset, s: q.sort ?? null, d: q.desc ?? null })).titleQuotaPage;
    },
    async allocate(roundId: string, unitId: string, total: number) {
      return (await gql<{ allocateTitleQuota: Quota }>(
        `mutation TeAllocate($r: ID!, $u: ID!, $n: Int!) { allocateTitleQuota(roundId: $r, unitId: $u, total: $n) { ${QUOTA} } }`, { r: roundId, u: unitId, n: total }, { silent: true })).allocateTitleQuota;
    },
    /** A page of the round's nominations in scope, newest first, and their total (nothing is cut off). */
    async nominations(roundId: string, first: number, offset: number, status?: string | null): Promise<{ nodes: Nomination[]; totalCount: number }> {
      return (await gql<{ titleNominationPage: { nodes: Nomination[]; totalCount: number } }>(
        `query TeNominations($r: ID!, $s: String, $f: Int!, $o: Int!) { titleNominationPage(roundId: $r, status: $s, first: $f, offset: $o) { totalCount nodes { ${NOMINATION} } } }`,
        { r: roundId, s: status ?? null, f: first, o: offset })).titleNominationPage;
    },
    async eligibility(roundId: string, teacherId: string) {
      return (await gql<{ titleEligibility: Eligibility }>(
        `query TeEligibility($r: ID!, $t: ID!) { titleEligibility(roundId: $r, teacherId: $t) { teacherId teacherName currentTitle targetTitle eligible conditions { ${CONDITION} } } }`,
        { r: roundId, t: teacherId }, { silent: true })).titleEligibility;
    },
    async nominate(roundId: string, teacherId: string) {
      return (await gql<{ nominateForTitle: Nomination }>(
        `mutation TeNominate($r: ID!, $t: ID!) { nominateForTitle(roundId: $r, teacherId: $t) { ${NOMINATION} } }`, { r: roundId, t: teacherId }, { silent: true })).nominateForTitle;
    },
    async withdraw(id: string) {
      return (await gql<{ withdrawTitleNomination: Nomination }>(`mutation TeWithdraw($id: ID!) { withdrawTitleNomination(id: $id) { ${NOMINATION} } }`, { id }, { silent: true })).withdrawTitleNomination;
    },
    async teachers(name: string) {
      return (await gql<{ teachers: { nodes: TeacherHit[] } }>(
        `query TeTeachers($f: TeacherFilter) { teachers(filter: $f, first: 20, orderBy: NAME) { nodes { id name teacherNo professionalTitle school { name } unit { path } } } }`,
        { f: { name: name || null, employmentStatus: ['active'] } })).teachers.nodes;
    },
    /** A page of the nominations waiting for the user's step, longest waiting first, with their total (nothing cut off). */
    async inbox(first: number, offset: number): Promise<Page<InboxItem>> {
      return (await gql<{ approvalInboxPage: Page<InboxItem> }>(
        `query TeInbox($f: Int!, $o: Int!) { approvalInboxPage(types: ["title_evaluation"], first: $f, offset: $o) {
          totalCount nodes { daysPending approvalCase { id type version currentStepName subjectId payload createdAt } } } }`, { f: first, o: offset })).approvalInboxPage;
    },
    async approve(id: string, version: number) {
      await gql(`mutation TeApprove($id: ID!, $v: Int) { approveCase(id: $id, version: $v) { id status } }`, { id, v: version }, { silent: true });
    },
    async returnCase(id: string, reason: string, version: number) {
      await gql(`mutation TeReturn($id: ID!, $r: String!, $v: Int) { returnCase(id: $id, reason: $r, version: $v) { id status } }`, { id, r: reason, v: version }, { silent: true });
    },
  };
}

export type TitleApi = ReturnType<typeof titleApi>;
