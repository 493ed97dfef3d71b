import type { PortalHost } from '@tmis/portal-sdk';
import type { InboxPageOf, Page, PageQuery } from '@tmis/portal-cases';
import type { InterprovincialTransfer } from './interprovincial';
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

export interface Transfer {
  id: string;
  kind: string;
  teacherId: string;
  teacherNo: string;
  teacherName: string;
  fromSchoolId: string;
  fromSchoolName: string;
  toUnitId: string;
  toSchoolId: string;
  toUnitName: string;
  effectiveDate: string;
  reason: string | null;
  status: string;
  closeReason: string | null;
  completedAt: string | null;
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

export interface Notification {
  id: string;
  kind: string;
  message: string;
  caseId: string | null;
  /** What the notice is about (a Transfer opens its detail). */
  subjectType: string | null;
  subjectId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface UnitOption {
  id: string;
  name: string;
  level: string;
  path: string;
}

const CASE = 'id type typeName subjectType subjectId status currentStep currentStepName parties initiatedBy initiatingUnitId payload version createdAt updatedAt steps { id stepIndex stepKey action actorId actorUnitId comment at }';
const INTERPROVINCIAL = 'id direction fromProvince toProvince teacherId teacherNo teacherName toUnitName effectiveDate reason status closeReason caseId completedAt createdAt';
const TRANSFER = `id kind teacherId teacherNo teacherName fromSchoolId fromSchoolName toUnitId toSchoolId toUnitName effectiveDate reason status closeReason completedAt createdAt caseId approvalCase { ${CASE} }`;

export function transfersApi(host: PortalHost) {
  const gql = host.graphql.bind(host);
  return {
    /** A page of the transfers in scope, sorted and counted on the server (nothing is cut off). */
    async page(status: string | null, q: PageQuery): Promise<Page<Transfer>> {
      return (await gql<{ transferPage: Page<Transfer> }>(
        `query TransfersPage($s: String, $f: Int!, $o: Int!, $sort: String, $d: Boolean) { transferPage(status: $s, first: $f, offset: $o, sort: $sort, desc: $d) { totalCount nodes { ${TRANSFER} } } }`,
        { s: status, f: q.first, o: q.offset, sort: q.sort, d: q.desc },
      )).transferPage;
    },

    async get(id: string): Promise<Transfer> {
      return (await gql<{ transfer: Transfer }>(`query TransfersOne($id: ID!) { transfer(id: $id) { ${TRANSFER} } }`, { id })).transfer;
    },

    /** Silent: the form shows the gateway's message next to the fields. */
    async initiate(input: Record<string, unknown>): Promise<Transfer> {
      return (await gql<{ initiateTransfer: Transfer }>(
        `mutation TransfersInitiate($i: InitiateTransferInput!) { initiateTransfer(input: $i) { ${TRANSFER} } }`, { i: input }, { silent: true },
      )).initiateTransfer;
    },

    /** Units a transfer may go to: the user's school and its departments (scope of `units`). */
    async targetUnits(search: string): Promise<UnitOption[]> {
      const [schools, departments] = await Promise.all(['school', 'department'].map((level) =>
        gql<{ units: { nodes: UnitOption[] } }>(
          `query TransfersUnits($s: String, $l: String) { units(search: $s, level: $l, first: 50) { nodes { id name level path } } }`,
          { s: search || null, l: level }, { silent: true },
        ).then((d) => d.units.nodes).catch(() => [] as UnitOption[])));
      return [...schools!, ...departments!];
    },

    /** A page of the cases waiting for the user's post of this module's types, longest waiting first, with their total and the counts of every type (nothing cut off). */
    async inboxPage(types: readonly string[], first: number, offset: number): Promise<InboxPage> {
      return (await gql<{ approvalInboxPage: InboxPage }>(
        `query TransfersInbox($t: [String!], $f: Int!, $o: Int!) { approvalInboxPage(types: $t, first: $f, offset: $o) {
          totalCount counts { type name count } nodes { daysPending approvalCase { ${CASE} } } } }`, { t: types, f: first, o: offset },
      )).approvalInboxPage;
    },

    /** The case actions; silent so the screen can reload on WORKFLOW_CONFLICT. */
    async act(action: 'approve' | 'return' | 'withdraw' | 'cancel', id: string, version: number, text?: string): Promise<ApprovalCase> {
      const docs = {
        approve: `mutation TransfersApprove($id: ID!, $v: Int, $c: String) { r: approveCase(id: $id, version: $v, comment: $c) { ${CASE} } }`,
        return: `mutation TransfersReturn($id: ID!, $v: Int, $c: String!) { r: returnCase(id: $id, version: $v, reason: $c) { ${CASE} } }`,
        withdraw: `mutation TransfersWithdraw($id: ID!, $v: Int) { r: withdrawCase(id: $id, version: $v) { ${CASE} } }`,
        cancel: `mutation TransfersCancel($id: ID!, $v: Int, $c: String!) { r: cancelCase(id: $id, version: $v, reason: $c) { ${CASE} } }`,
      };
      const vars: Record<string, unknown> = { id, v: version };
      if (action !== 'withdraw') vars.c = text ?? null;
      return (await gql<{ r: ApprovalCase }>(docs[action], vars, { silent: true })).r;
    },

    /** Cancels a scheduled transfer before its date; silent so the screen shows the gateway's message. */
    async cancelScheduled(id: string, reason: string): Promise<Transfer> {
      return (await gql<{ r: Transfer }>(
        `mutation TransfersCancelScheduled($id: ID!, $c: String!) { r: cancelTransfer(id: $id, reason: $c) { ${TRANSFER} } }`, { id, c: reason }, { silent: true },
      )).r;
    },

    /** 跨省调动 in scope (the gateway returns the newest 200). */
    /** A page of the cross-province transfers in scope and their total (nothing is cut off). */
    async interprovincialPage(status: string | null, first: number, offset: number): Promise<Page<InterprovincialTransfer>> {
      return (await gql<{ interprovincialTransferPage: Page<InterprovincialTransfer> }>(
        `query TransfersInterprovincial($s: String, $f: Int!, $o: Int!) { interprovincialTransferPage(status: $s, first: $f, offset: $o) { totalCount nodes { ${INTERPROVINCIAL} } } }`,
        { s: status, f: first, o: offset },
      )).interprovincialTransferPage;
    },

    /** Silent: the form shows the gateway's message next to the fields. */
    async initiateInterprovincial(input: Record<string, unknown>): Promise<InterprovincialTransfer> {
      return (await gql<{ r: InterprovincialTransfer }>(
        `mutation TransfersInterprovincialInitiate($i: InitiateInterprovincialTransferInput!) { r: initiateInterprovincialTransfer(input: $i) { ${INTERPROVINCIAL} } }`,
        { i: input }, { silent: true },
      )).r;
    },

    /** 同意调出 / 不同意调出; silent so the screen shows the gateway's message and reloads. */
    async actInterprovincial(action: 'accept' | 'decline', id: string, reason?: string): Promise<InterprovincialTransfer> {
      const doc = action === 'accept'
        ? `mutation TransfersInterprovincialAccept($id: ID!) { r: acceptInterprovincialTransfer(id: $id) { ${INTERPROVINCIAL} } }`
        : `mutation TransfersInterprovincialDecline($id: ID!, $c: String!) { r: declineInterprovincialTransfer(id: $id, reason: $c) { ${INTERPROVINCIAL} } }`;
      return (await gql<{ r: InterprovincialTransfer }>(doc, action === 'accept' ? { id } : { id, c: reason ?? '' }, { silent: true })).r;
    },

    /** A page of the user's notices, newest first, and their total (nothing is cut off). */
    async notificationPage(unreadOnly: boolean, first: number, offset: number): Promise<{ nodes: Notification[]; totalCount: number }> {
      return (await gql<{ notificationPage: { nodes: Notification[]; totalCount: number } }>(
        `query TransfersNotifications($u: Boolean!, $f: Int!, $o: Int!) { notificationPage(unreadOnly: $u, first: $f, offset: $o) {
          totalCount nodes { id kind message caseId subjectType subjectId createdAt readAt } } }`, { u: unreadOnly, f: first, o: offset },
      )).notificationPage;
    },

    async markRead(ids: string[]): Promise<number> {
      return (await gql<{ markNotificationsRead: number }>(`mutation TransfersMarkRead($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`, { ids })).markNotificationsRead;
    },

    /** 全部标为已读: every unread notice of the user on the server, not only the page shown. */
    async markAllRead(): Promise<number> {
      return (await gql<{ markAllNotificationsRead: number }>(`mutation TransfersMarkAllRead { markAllNotificationsRead }`)).markAllNotificationsRead;
    },
  };
}

export type TransfersApi = ReturnType<typeof transfersApi>;
