import { subject, type AnyAbility } from '@casl/ability';
import { todayInChina } from '@tmis/shared/dates';
import { emptyForm as emptyTransferForm, latestEffectiveDate, validateTransferForm, type FieldProblem } from './form';
import { isProvinceCode, provinceName } from './provinces';

// 跨省调动 (gateway/src/modules/interprovincial): the receiving school applies for a teacher of
// another province; the releasing school accepts or declines the request it receives. The
// approvals of both supervising authorities are ordinary cases in the inbox.

export type Direction = 'in' | 'out' | 'relay';

export interface InterprovincialTransfer {
  id: string;
  direction: Direction | string;
  fromProvince: string;
  toProvince: string;
  teacherId: string | null;
  teacherNo: string | null;
  teacherName: string;
  toUnitName: string;
  effectiveDate: string;
  reason: string | null;
  status: string;
  closeReason: string | null;
  caseId: string | null;
  completedAt: string | null;
  createdAt: string;
}

/** Every status of interprovincial-transfer.entity.ts, in the order a request passes them. */
export const INTERPROVINCIAL_STATUSES = [
  'in_progress', 'requested', 'received', 'relayed', 'released', 'completed', 'declined', 'rejected', 'returned', 'withdrawn', 'cancelled', 'failed',
] as const;

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';
const STATUS_TAG: Record<string, TagType> = {
  in_progress: 'warning', requested: 'primary', received: 'warning', relayed: 'primary', released: 'success', completed: 'success',
  declined: 'danger', rejected: 'danger', returned: 'danger', withdrawn: 'info', cancelled: 'info', failed: 'danger',
};

export function interprovincialTagType(status: string): TagType {
  return STATUS_TAG[status] ?? 'info';
}

/** The i18n key of a status; an unknown one shows as it is. */
export function statusKey(status: string): string | null {
  return (INTERPROVINCIAL_STATUSES as readonly string[]).includes(status) ? `transfers.interprovincial.status.${status}` : null;
}

/** The i18n key of a direction (调入 / 调出 / 转办); an unknown one shows as it is. */
export function directionKey(direction: string): string | null {
  return ['in', 'out', 'relay'].includes(direction) ? `transfers.interprovincial.direction.${direction}` : null;
}

/** The province on the other side: where the teacher comes from (in), goes to (out); both for the relay. */
export function otherProvince(t: Pick<InterprovincialTransfer, 'direction' | 'fromProvince' | 'toProvince'>, locale: string): string {
  if (t.direction === 'in') return provinceName(t.fromProvince, locale);
  if (t.direction === 'out') return provinceName(t.toProvince, locale);
  return `${provinceName(t.fromProvince, locale)} → ${provinceName(t.toProvince, locale)}`;
}

export type InterprovincialAction = 'accept' | 'decline';

/**
 * What the user may do on a row: a request received by the releasing school waits for that
 * school's information admin — the post that may start a transfer in its subtree
 * (InterprovincialService.receivedForCaller). The list is already the user's read scope.
 */
export function interprovincialActions(ability: AnyAbility, t: Pick<InterprovincialTransfer, 'direction' | 'status'>): InterprovincialAction[] {
  if (t.direction !== 'out' || t.status !== 'received') return [];
  return ability.can('create', 'Transfer') ? ['accept', 'decline'] : [];
}

/** Whether the user may apply for a teacher of another province into `unitPath` (as for a transfer). */
export function canApplyInto(ability: AnyAbility, unitPath: string): boolean {
  return ability.can('create', subject('Transfer', { toScopePath: unitPath }));
}

export interface InterprovincialForm {
  fromProvinceCode: string;
  idType: string;
  idNumber: string;
  name: string;
  toUnitId: string;
  effectiveDate: string;
  reason: string;
}

export type InterprovincialErrors = Partial<Record<keyof InterprovincialForm, FieldProblem>>;

export function emptyInterprovincialForm(): InterprovincialForm {
  const { idType, idNumber, name, toUnitId, effectiveDate, reason } = emptyTransferForm();
  return { fromProvinceCode: '', idType, idNumber, name, toUnitId, effectiveDate, reason };
}

/** Today in China, as the gateway sees it: the effective date must come after it. */
export function todayIso(now = Date.now()): string {
  return todayInChina(now);
}

/**
 * The checks of the ordinary transfer form (same codes) plus the releasing province and a date
 * after today, as InterprovincialService.initiate makes them. `ownProvince`, when known, is
 * refused as the gateway does (INTERPROVINCIAL_SAME_PROVINCE: an ordinary transfer).
 */
export function validateInterprovincialForm(f: InterprovincialForm, now = Date.now(), ownProvince?: string | null): InterprovincialErrors {
  const { exchangeRotation: _ignored, ...base } = validateTransferForm({ ...f, exchangeRotation: false }, now);
  const errors: InterprovincialErrors = { ...base };
  if (!f.fromProvinceCode) errors.fromProvinceCode = 'required';
  else if (!isProvinceCode(f.fromProvinceCode)) errors.fromProvinceCode = 'VALIDATION_FAILED';
  else if (ownProvince && f.fromProvinceCode === ownProvince) errors.fromProvinceCode = 'INTERPROVINCIAL_SAME_PROVINCE';
  if (!errors.effectiveDate && f.effectiveDate <= todayIso(now)) errors.effectiveDate = 'DATE_INVALID';
  return errors;
}

/** The input of `initiateInterprovincialTransfer` (trimmed; an empty reason is null). */
export function toInterprovincialInput(f: InterprovincialForm): Record<string, unknown> {
  return {
    fromProvinceCode: f.fromProvinceCode, idType: f.idType, idNumber: f.idNumber.trim(), name: f.name.trim(), toUnitId: f.toUnitId,
    effectiveDate: f.effectiveDate, reason: f.reason.trim() || null,
  };
}

/** A decline needs a reason the receiving province will read. */
export function declineReasonProblem(reason: string): 'required' | 'tooLong' | null {
  if (!reason.trim()) return 'required';
  return reason.trim().length > 500 ? 'tooLong' : null;
}

export { latestEffectiveDate };

/**
 * Where a notice opens: a transfer's detail, or the 跨省调动 screen for a cross-province one
 * (approval notices name the InterprovincialTransfer; the relay's outcome notices carry only
 * their kind, interprovincial_*). Null when there is nothing to open.
 */
export function noticeTarget(n: { kind: string; subjectType: string | null; subjectId: string | null }):
  { screen: 'detail'; params: { transferId: string } } | { screen: 'interprovincial'; params: Record<string, string> } | null {
  if (n.subjectType === 'Transfer' && n.subjectId) return { screen: 'detail', params: { transferId: n.subjectId } };
  if (n.subjectType === 'InterprovincialTransfer' || n.kind.startsWith('interprovincial_')) return { screen: 'interprovincial', params: {} };
  return null;
}
