import type { PortalHost } from '@tmis/portal-sdk';
import type { Page } from '@tmis/portal-cases';
import type { Condition, DueRow, DueSummary } from './form';

export interface Qualification {
  recordId: string;
  teacherId: string;
  type: string;
  subject: string | null;
  certificateNo: string;
  issuer: string | null;
  issueDate: string | null;
  recordStatus: string;
  lastResult: string | null;
  lastDecidedAt: string | null;
  validUntil: string | null;
  inProgress: boolean;
}

export interface Eligibility {
  teacherId: string;
  certificateNo: string;
  year: number;
  cycleStartYear: number;
  cycleEndYear: number;
  eligible: boolean;
  conditions: Condition[];
}

export interface Application {
  id: string;
  batchId: string;
  teacherId: string;
  schoolId: string;
  certificateNo: string;
  year: number;
  cycleStartYear: number;
  cycleEndYear: number;
  status: string;
  eligible: boolean;
  conditions: Condition[];
  /** The unmet conditions with their reasons; null when all are met. */
  unmetReasons: string | null;
  resultReason: string | null;
  decidedAt: string | null;
  validUntil: string | null;
}

export interface Batch {
  id: string;
  schoolId: string;
  authorityId: string;
  year: number;
  size: number;
  caseId: string | null;
  applications: Application[];
}

export interface ApprovalCase {
  id: string;
  type: string;
  typeName: string;
  subjectId: string;
  status: string;
  currentStep: number;
  currentStepName: string | null;
  payload: Record<string, unknown> | null;
  parties: Record<string, string>;
  version: number;
  createdAt: string;
  steps: { stepKey: string; action: string; comment: string | null; at: string }[];
}

export interface TeacherRef {
  id: string;
  teacherNo: string | null;
  name: string | null;
  school: { id: string; name: string } | null;
  unit: { id: string; path: string } | null;
}

export const REGISTRATION_WORKFLOW = 'qualification_registration';

const QUALIFICATION = 'recordId teacherId type subject certificateNo issuer issueDate recordStatus lastResult lastDecidedAt validUntil inProgress';
const CONDITIONS = 'conditions { key name met reason }';
const APPLICATION = `id batchId teacherId schoolId certificateNo year cycleStartYear cycleEndYear status eligible ${CONDITIONS} unmetReasons resultReason decidedAt validUntil`;
const BATCH = `id schoolId authorityId year size caseId applications { ${APPLICATION} }`;
const CASE = 'id type typeName subjectId status currentStep currentStepName payload parties version createdAt steps { stepKey action comment at }';
const TEACHER = 'id teacherNo name school { id name } unit { id path }';

export function registrationApi(host: PortalHost) {
  const gql = host.graphql.bind(host);
  return {
    async me() {
      return (await gql<{ me: { id: string; teacherId: string | null } }>(`query RegistrationMe { me { id teacherId } }`, {}, { silent: true })).me;
    },

    /** A page of the due list, its total and the counts of the whole list by reason (nothing is cut off). */
    async due(year: number, unitId: string | null, first: number, offset: number): Promise<{ nodes: DueRow[]; totalCount: number; summary: DueSummary }> {
      return (await gql<{ registrationsDuePage: { nodes: DueRow[]; totalCount: number; summary: DueSummary } }>(
        `query RegistrationDue($y: Int!, $u: ID, $f: Int!, $o: Int!) { registrationsDuePage(year: $y, unitId: $u, first: $f, offset: $o) {
          totalCount summary { total inProgress first deferred expiring } nodes { teacherId teacherNo name schoolId recordId certificateNo type lastResult validUntil inProgress } } }`,
        { y: year, u: unitId, f: first, o: offset },
      )).registrationsDuePage;
    },

    async qualifications(teacherId: string) {
      return (await gql<{ qualifications: Qualification[] }>(`query RegistrationQualifications($t: ID!) { qualifications(teacherId: $t) { ${QUALIFICATION} } }`, { t: teacherId })).qualifications;
    },

    async eligibility(teacherId: string, certificateNo: string, year: number) {
      return (await gql<{ registrationEligibility: Eligibility }>(
        `query RegistrationEligibility($t: ID!, $c: String!, $y: Int!) { registrationEligibility(teacherId: $t, certificateNo: $c, year: $y) { teacherId certificateNo year cycleStartYear cycleEndYear eligible ${CONDITIONS} } }`,
        { t: teacherId, c: certificateNo, y: year }, { silent: true },
      )).registrationEligibility;
    },

    async history(teacherId: string) {
      return (await gql<{ registrationHistory: Application[] }>(`query RegistrationHistory($t: ID!) { registrationHistory(teacherId: $t) { ${APPLICATION} } }`, { t: teacherId }, { silent: true })).registrationHistory;
    },

    async apply(schoolId: string, year: number, items: { teacherId: string; certificateNo: string }[]) {
      return (await gql<{ applyForRegistration: Batch }>(
        `mutation RegistrationApply($i: RegistrationApplyInput!) { applyForRegistration(input: $i) { ${BATCH} } }`, { i: { schoolId, year, items } }, { silent: true },
      )).applyForRegistration;
    },

    async batch(id: string) {
      return (await gql<{ registrationBatch: Batch }>(`query RegistrationBatch($id: ID!) { registrationBatch(id: $id) { ${BATCH} } }`, { id })).registrationBatch;
    },

    async decide(batchId: string, decisions: { applicationId: string; result: string; reason: string | null }[], comment: string | null) {
      return (await gql<{ decideRegistrations: Batch }>(
        `mutation RegistrationDecide($b: ID!, $d: [RegistrationDecisionInput!]!, $c: String) { decideRegistrations(batchId: $b, decisions: $d, comment: $c) { ${BATCH} } }`,
        { b: batchId, d: decisions, c: comment }, { silent: true },
      )).decideRegistrations;
    },

    async approvalCase(id: string) {
      return (await gql<{ approvalCase: ApprovalCase }>(`query RegistrationCase($id: ID!) { approvalCase(id: $id) { ${CASE} } }`, { id }, { silent: true })).approvalCase;
    },

    /** A page of the registration cases waiting for the user's post, longest waiting first, with their total (nothing cut off). */
    async inbox(first: number, offset: number): Promise<Page<{ daysPending: number; approvalCase: ApprovalCase }>> {
      return (await gql<{ approvalInboxPage: Page<{ daysPending: number; approvalCase: ApprovalCase }> }>(
        `query RegistrationInbox($t: [String!], $f: Int!, $o: Int!) { approvalInboxPage(types: $t, first: $f, offset: $o) { totalCount nodes { daysPending approvalCase { ${CASE} } } } }`,
        { t: [REGISTRATION_WORKFLOW], f: first, o: offset },
      )).approvalInboxPage;
    },

    async approve(id: string, version: number, comment: string | null) {
      return (await gql<{ approveCase: ApprovalCase }>(`mutation RegistrationApprove($id: ID!, $v: Int, $c: String) { approveCase(id: $id, version: $v, comment: $c) { id status } }`, { id, v: version, c: comment }, { silent: true })).approveCase;
    },

    async returnCase(id: string, version: number, reason: string) {
      return (await gql<{ returnCase: ApprovalCase }>(`mutation RegistrationReturn($id: ID!, $v: Int, $r: String!) { returnCase(id: $id, version: $v, reason: $r) { id status } }`, { id, v: version, r: reason }, { silent: true })).returnCase;
    },

    async teacher(id: string) {
      return (await gql<{ teacher: TeacherRef }>(`query RegistrationTeacher($id: ID!) { teacher(id: $id) { ${TEACHER} } }`, { id })).teacher;
    },

    /** Names of the teachers behind application rows (one request, aliases, at most 40). */
    async teacherNames(ids: string[]): Promise<Map<string, TeacherRef>> {
      const unique = [...new Set(ids)].slice(0, 40);
      if (unique.length === 0) return new Map();
      const fields = unique.map((_, i) => `t${i}: teacher(id: $id${i}) { ${TEACHER} }`).join('\n');
      const vars = unique.map((_, i) => `$id${i}: ID!`).join(', ');
      const data = await gql<Record<string, TeacherRef | null>>(`query RegistrationTeacherNames(${vars}) { ${fields} }`,
        Object.fromEntries(unique.map((id, i) => [`id${i}`, id])), { silent: true }).catch(() => ({}) as Record<string, null>);
      return new Map(Object.values(data).filter((t): t is TeacherRef => t !== null).map((t) => [t.id, t]));
    },

    /** Units (schools of the due list) by id, one request with aliases. */
    async units(ids: string[]): Promise<Map<string, { id: string; name: string; path: string }>> {
      const unique = [...new Set(ids)].slice(0, 60);
      if (unique.length === 0) return new Map();
      const fields = unique.map((_, i) => `u${i}: unit(id: $id${i}) { id name path }`).join('\n');
      const vars = unique.map((_, i) => `$id${i}: ID!`).join(', ');
      const data = await gql<Record<string, { id: string; name: string; path: string } | null>>(`query RegistrationUnits(${vars}) { ${fields} }`,
        Object.fromEntries(unique.map((id, i) => [`id${i}`, id])), { silent: true }).catch(() => ({}) as Record<string, null>);
      return new Map(Object.values(data).filter((u): u is { id: string; name: string; path: string } => u !== null).map((u) => [u.id, u]));
    },
  };
}

export type RegistrationApi = ReturnType<typeof registrationApi>;
