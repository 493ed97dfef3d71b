import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApprovalCase } from './approval.entity.js';
import type { RequestContext } from '../graphql/context.js';

/**
 * Runs inside the transaction of the final approval: the business effect commits with it or not
 * at all. It may say what was decided, for the initiator's notice, when "approved" would mislead
 * (a registration batch approved with deferrals).
 */
export type ApprovedHandler = (tx: EntityManager, approvalCase: ApprovalCase, ctx: RequestContext) => Promise<void | { initiatorMessage?: string }>;

const handlers = new Map<string, ApprovedHandler[]>();

/** A business module (e.g. transfer) registers what happens when its workflow is approved. */
export function onApproved(type: string, handler: ApprovedHandler): void {
  handlers.set(type, [...(handlers.get(type) ?? []), handler]);
}

/** `ctx` is the request of the final approver (for audit events; its ability is the approver's). */
export async function runApprovedHandlers(tx: EntityManager, approvalCase: ApprovalCase, ctx: RequestContext): Promise<{ initiatorMessage?: string }> {
  let outcome: { initiatorMessage?: string } = {};
  for (const h of handlers.get(approvalCase.type) ?? []) outcome = (await h(tx, approvalCase, ctx)) ?? outcome;
  return outcome;
}

/** Runs in the same transaction whenever a case ends (approved, returned, withdrawn or cancelled). */
export type SettledHandler = (tx: EntityManager, approvalCase: ApprovalCase, info: { comment: string | null; ctx: RequestContext }) => Promise<void>;

const settled = new Map<string, SettledHandler[]>();

/** A business module mirrors the end of its case (e.g. a transfer row becomes returned, with the reason). */
export function onSettled(type: string, handler: SettledHandler): void {
  settled.set(type, [...(settled.get(type) ?? []), handler]);
}

export async function runSettledHandlers(tx: EntityManager, approvalCase: ApprovalCase, info: { comment: string | null; ctx: RequestContext }): Promise<void> {
  for (const h of settled.get(approvalCase.type) ?? []) await h(tx, approvalCase, info);
}
