import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApprovalCase } from './approval.entity.js';

/** Runs inside the transaction of the final approval: the business effect commits with it or not at all. */
export type ApprovedHandler = (tx: EntityManager, approvalCase: ApprovalCase) => Promise<void>;

const handlers = new Map<string, ApprovedHandler[]>();

/** A business module (e.g. transfer) registers what happens when its workflow is approved. */
export function onApproved(type: string, handler: ApprovedHandler): void {
  handlers.set(type, [...(handlers.get(type) ?? []), handler]);
}

export async function runApprovedHandlers(tx: EntityManager, approvalCase: ApprovalCase): Promise<void> {
  for (const h of handlers.get(approvalCase.type) ?? []) await h(tx, approvalCase);
}
