import type { PortalHost } from '../../modules/portal-host';

export { usePortalHost } from '../units/units-api';

export interface AccountRow {
  id: string;
  username: string;
  realName: string;
  idNumberMasked: string | null;
  phone: string | null;
  role: string;
  unitId: string;
  unitName: string | null;
  unitLevel: string;
  scopePath: string;
  status: 'active' | 'disabled';
  lockedUntil: string | null;
  certStatus: 'none' | 'active' | 'frozen' | 'revoked';
  lastLoginAt: string | null;
  createdAt: string;
}

export type ChangeKind = 'info_change' | 'disable' | 'restore' | 'unlock' | 'password_reset' | 'certificate_freeze' | 'certificate_revoke' | 'certificate_bind';

export interface ChangeRequestRow {
  id: string;
  accountId: string;
  kind: ChangeKind;
  payload: Record<string, unknown>;
  reason: string | null;
  status: 'pending' | 'approved' | 'rejected';
  managingUnitId: string;
  requestedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  createdAt: string;
  temporaryPassword: string | null;
  account: { username: string; realName: string; unitName: string | null } | null;
}

/** A unit an account can be created in: the own unit and the units directly below. */
export interface UnitChoice { id: string; name: string; code: string; level: string; path: string }

const ACCOUNT_FIELDS = 'id username realName idNumberMasked phone role unitId unitName unitLevel scopePath status lockedUntil certStatus lastLoginAt createdAt';
const REQUEST_FIELDS = 'id accountId kind payload reason status managingUnitId requestedBy decidedAt decisionComment createdAt temporaryPassword account { username realName unitName }';

export interface AccountQuery { search?: string; role?: string; status?: string; unitId?: string; first: number; offset: number }

/** One page of the accounts the caller manages (the gateway applies the scope). */
export async function listAccounts(host: PortalHost, q: AccountQuery): Promise<{ nodes: AccountRow[]; totalCount: number }> {
  const data = await host.graphql<{ accounts: { nodes: AccountRow[]; totalCount: number } }>(
    `query($search: String, $role: String, $status: String, $unitId: ID, $first: Int, $offset: Int) {
      accounts(search: $search, role: $role, status: $status, unitId: $unitId, first: $first, offset: $offset) { totalCount nodes { ${ACCOUNT_FIELDS} } } }`,
    { search: q.search || null, role: q.role || null, status: q.status || null, unitId: q.unitId || null, first: q.first, offset: q.offset },
  );
  return data.accounts;
}

export async function unitChoices(host: PortalHost, own: UnitChoice): Promise<UnitChoice[]> {
  const data = await host.graphql<{ units: { nodes: UnitChoice[] } }>(
    `query($parentId: ID) { units(parentId: $parentId, first: 200) { nodes { id name code level path } } }`, { parentId: own.id });
  return [own, ...data.units.nodes];
}

export interface CreateInput {
  unitId: string; role: string; username: string; realName: string; idNumber: string; phone: string; email?: string | null;
  gender?: string | null; birthDate?: string | null; certificatePem?: string | null;
}

export async function createAccount(host: PortalHost, input: CreateInput): Promise<{ account: AccountRow; initialPassword: string }> {
  const data = await host.graphql<{ createAccount: { account: AccountRow; initialPassword: string } }>(
    `mutation($i: CreateAccountInput!) { createAccount(input: $i) { initialPassword account { ${ACCOUNT_FIELDS} } } }`, { i: input });
  return data.createAccount;
}

/** Files a change; the gateway applies it at once when the caller is the deciding admin. */
export async function requestChange(host: PortalHost, input: { accountId: string; kind: ChangeKind; payload?: Record<string, unknown>; reason?: string | null }): Promise<ChangeRequestRow> {
  const data = await host.graphql<{ requestAccountChange: ChangeRequestRow }>(
    `mutation($i: AccountChangeInput!) { requestAccountChange(input: $i) { ${REQUEST_FIELDS} } }`, { i: { payload: null, reason: null, ...input } });
  return data.requestAccountChange;
}

/** One server page of the change requests (newest first) with the total, by status ('' all). */
export async function listChangeRequests(host: PortalHost, q: { status: string; first: number; offset: number }): Promise<{ nodes: ChangeRequestRow[]; totalCount: number }> {
  const data = await host.graphql<{ accountChangeRequestPage: { nodes: ChangeRequestRow[]; totalCount: number } }>(
    `query($s: String, $first: Int, $offset: Int) { accountChangeRequestPage(status: $s, first: $first, offset: $offset) { totalCount nodes { ${REQUEST_FIELDS} } } }`,
    { s: q.status || null, first: q.first, offset: q.offset },
  );
  return data.accountChangeRequestPage;
}

export async function decideChange(host: PortalHost, id: string, approve: boolean, comment: string | null): Promise<ChangeRequestRow> {
  const data = await host.graphql<{ decideAccountChange: ChangeRequestRow }>(
    `mutation($id: ID!, $a: Boolean!, $c: String) { decideAccountChange(id: $id, approve: $a, comment: $c) { ${REQUEST_FIELDS} } }`, { id, a: approve, c: comment || null });
  return data.decideAccountChange;
}
