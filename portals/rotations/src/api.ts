import type { PortalHost } from '@tmis/portal-sdk';
import type { InboxPageOf, Page, PageQuery } from '@tmis/portal-cases';
import type { StepRecord } from './workflow';

export interface ApprovalCase {
  id: string;
  type: string;
  typeName: string;
  subjectType: string;
  subjectId: string;
  status: string;
  currentStep: number;
  currentStepName: string | null;
  parties: Record<string, string>;
  initiatedBy: string;
  initiatingUnitId: string;
  payload: Record<string, unknown> | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  steps: StepRecord[];
}

export interface Rotation {
  id: string;
  teacherId: string;
  teacherNo: string;
  teacherName: string;
  sendingSchoolId: string;
  sendingSchoolName: string;
  receivingSchoolId: string;
  receivingSchoolName: string;
  personnelChange: boolean;
  startDate: string;
  endDate: string;
  reason: string | null;
  status: string;
  closeReason: string | null;
  approvedAt: string | null;
  createdAt: string;
  caseId: string | null;
  approvalCase: ApprovalCase | null;
}

export interface InboxItem {
  daysPending: number;
  approvalCase: ApprovalCase;
}

/** A page of 待我审批 (approvalInboxPage): the module's cases and the counts of every type. */
export type InboxPage = InboxPageOf<InboxItem>;

export interface TeacherOption {
  id: string;
  name: string | null;
  teacherNo: string | null;
  school: { id: string; name: string } | null;
  unit: { path: string } | null;
}

export interface UnitOption {
  id: string;
  name: string;
  level: string;
  path: string;
}

export interface RotationCount {
  unitId: string;
  unitName: string;
  sent: number;
  received: number;
  withPersonnelChange: number;
}

const CASE = 'id type typeName subjectType subjectId status currentStep currentStepName parties initiatedBy initiatingUnitId payload version createdAt updatedAt steps { id stepIndex stepKey action actorId actorUnitId comment at }';
const ROTATION = `id teacherId teacherNo teacherName sendingSchoolId sendingSchoolName receivingSchoolId receivingSchoolName personnelChange startDate endDate reason status closeReason approvedAt createdAt caseId approvalCase { ${CASE} }`;

export function rotationsApi(host: PortalHost) {
  const gql = host.graphql.bind(host);
  return {
    /** A page of the rotations in scope, sorted and counted on the server (nothing is cut off). */
    async page(year: number | null, status: string | null, q: PageQuery): Promise<Page<Rotation>> {
      return (await gql<{ rotationPage: Page<Rotation> }>(
        `query RotationsPage($y: Int, $s: String, $f: Int!, $o: Int!, $sort: String, $d: Boolean) { rotationPage(year: $y, status: $s, first: $f, offset: $o, sort: $sort, desc: $d) { totalCount nodes { ${ROTATION} } } }`,
        { y: year, s: status, f: q.first, o: q.offset, sort: q.sort, d: q.desc },
      )).rotationPage;
    },

    async get(id: string): Promise<Rotation> {
      return (await gql<{ rotation: Rotation }>(`query RotationsOne($id: ID!) { rotation(id: $id) { ${ROTATION} } }`, { id })).rotation;
    },

    async initiate(input: Record<string, unknown>): Promise<Rotation> {
      return (await gql<{ initiateRotation: Rotation }>(
        `mutation RotationsInitiate($i: InitiateRotationInput!) { initiateRotation(input: $i) { ${ROTATION} } }`, { i: input }, { silent: true },
      )).initiateRotation;
    },

    /** Active teachers in scope by name (the picker); the rules then keep those the user may send. */
    async teachers(name: string): Promise<TeacherOption[]> {
      const filter: Record<string, unknown> = { employmentStatus: ['active'] };
      if (name.trim()) filter.name = name.trim();
      return (await gql<{ teachers: { nodes: TeacherOption[] } }>(
        `query RotationsTeachers($f: TeacherFilter) { teachers(filter: $f, first: 30, orderBy: NAME) { nodes { id name teacherNo school { id name } unit { path } } } }`,
        { f: filter }, { silent: true },
      ).catch(() => ({ teachers: { nodes: [] } }))).teachers.nodes;
    },

    /** Schools the `units` query lets the user list (its own subtree). */
    async schools(search: string): Promise<UnitOption[]> {
      return (await gql<{ units: { nodes: UnitOption[] } }>(
        `query RotationsSchools($s: String) { units(search: $s, level: "school", first: 50) { nodes { id name level path } } }`,
        { s: search || null }, { silent: true },
      ).catch(() => ({ units: { nodes: [] } }))).units.nodes;
    },

    async counts(year: number): Promise<RotationCount[]> {
      return (await gql<{ rotationCounts: RotationCount[] }>(
        `query RotationsCounts($y: Int!) { rotationCounts(year: $y) { unitId unitName sent received withPersonnelChange } }`, { y: year },
      )).rotationCounts;
    },

    /** A page of the cases waiting for the user's post of this module's types, longest waiting first, with their total and the counts of every type (nothing cut off). */
    async inboxPage(types: readonly string[], first: number, offset: number): Promise<InboxPage> {
      return (await gql<{ approvalInboxPage: InboxPage }>(
        `query RotationsInbox($t: [String!], $f: Int!, $o: Int!) { approvalInboxPage(types: $t, first: $f, offset: $o) {
          totalCount counts { type name count } nodes { daysPending approvalCase { ${CASE} } } } }`, { t: types, f: first, o: offset },
      )).approvalInboxPage;
    },

    /** Cancels a scheduled rotation before its start; silent so the screen shows the gateway's message. */
    async cancelScheduled(id: string, reason: string): Promise<Rotation> {
      return (await gql<{ r: Rotation }>(
        `mutation RotationsCancelScheduled($id: ID!, $c: String!) { r: cancelRotation(id: $id, reason: $c) { ${ROTATION} } }`, { id, c: reason }, { silent: true },
      )).r;
    },

    async act(action: 'approve' | 'return' | 'withdraw' | 'cancel', id: string, version: number, text?: string): Promise<ApprovalCase> {
      const docs = {
        approve: `mutation RotationsApprove($id: ID!, $v: Int, $c: String) { r: approveCase(id: $id, version: $v, comment: $c) { ${CASE} } }`,
        return: `mutation RotationsReturn($id: ID!, $v: Int, $c: String!) { r: returnCase(id: $id, version: $v, reason: $c) { ${CASE} } }`,
        withdraw: `mutation RotationsWithdraw($id: ID!, $v: Int) { r: withdrawCase(id: $id, version: $v) { ${CASE} } }`,
        cancel: `mutation RotationsCancel($id: ID!, $v: Int, $c: String!) { r: cancelCase(id: $id, version: $v, reason: $c) { ${CASE} } }`,
      };
      const vars: Record<string, unknown> = { id, v: version };
      if (action !== 'withdraw') vars.c = text ?? null;
      return (await gql<{ r: ApprovalCase }>(docs[action], vars, { silent: true })).r;
    },
  };
}

export type RotationsApi = ReturnType<typeof rotationsApi>;
