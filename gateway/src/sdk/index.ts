/**
 * The gateway SDK for province modules (`import … from '@tmis/gateway/sdk'`). Everything a
 * module needs from the core comes through here, so the core can change behind it. See
 * docs/province-modules.md.
 */
export { defineGatewayModule, migrationPrefix, type GatewayModule, type ModuleSetupApi, type AbilityContributor, type ModuleCan } from '../platform/modules/gateway-module.js';
export { BaseEntity } from '../platform/db/base.entity.js';
export { AppError, notFoundOrNoAccess } from '../platform/graphql/errors.js';
export { MAX_PAGE, overCap, pageOrder, pageWindow, withinCap, type ListCap, type PageArgs } from '../platform/graphql/paging.js';
/** Per-field input limits beyond the defaults (docs/security.md), e.g. `@InputLimits({ file: 'base64' })`. */
export { InputLimit, InputLimits, type InputKind } from '../platform/graphql/input-limits.js';
export { requirePrincipal, requireActor, type RequestContext } from '../platform/graphql/context.js';
import { canOn as coreCanOn, requireScope as coreRequireScope, scopeFilter as coreScopeFilter } from '../platform/access/casl-to-filter.js';
import type { AppAbility } from '@tmis/shared';

/** The caller's row scope for a module subject, as a MikroORM filter (FORBIDDEN when none). */
export const requireScope = coreRequireScope as unknown as (ability: AppAbility, action: string, subject: string) => Record<string, unknown>;
/** Like requireScope, or null when the caller has no rule at all. */
export const scopeFilter = coreScopeFilter as unknown as (ability: AppAbility, action: string, subject: string) => Record<string, unknown> | null;
/** Whether the caller may do `action` on this row (plain object or entity) of a module subject. */
export const canOn = coreCanOn as unknown as (ability: AppAbility, action: string, subject: string, row: object, field?: string) => boolean;
export { appendAudit, actorEvent } from '../platform/audit/audit.service.js';
export { defineWorkflow, type WorkflowDefinition, type WorkflowStep } from '../platform/approvals/workflow-definition.js';
export { onApproved, onSettled } from '../platform/approvals/approval-hooks.js';
export { ApprovalService } from '../platform/approvals/approval.service.js';
export { ApprovalCase } from '../platform/approvals/approval.entity.js';
export { ApprovalCaseGql } from '../platform/approvals/approval.types.js';
export { toGql as approvalCaseToGql } from '../platform/approvals/approval.resolver.js';
export { pgArray } from '../platform/db/sql.js';
// Core data a module reads (scoped through the services) and the archive it writes into.
export { Unit } from '../modules/units/unit.entity.js';
export { UnitService } from '../modules/units/unit.service.js';
export { Teacher } from '../modules/teachers/teacher.entity.js';
export { TeacherService } from '../modules/teachers/teacher.service.js';
export { ArchiveRecord } from '../modules/archive/archive-record.entity.js';
export { endOpenRecords, writeSystemRecord } from '../modules/archive/system-record.js';
import { AppError as CoreAppError } from '../platform/graphql/errors.js';
import { isErrorCode } from '@tmis/shared';

/** Chinese and English text of a module's own error code. */
export interface ModuleErrorMessage { zh: string; en: string }

/**
 * A module's own stable error codes (the core catalogue in @tmis/shared is closed to modules).
 * Returns a factory: `throw err('TITLE_QUOTA_EXCEEDED', { quota })` → an AppError whose
 * `extensions.code` is the code and whose message is the Chinese text. Codes must be
 * UPPER_SNAKE_CASE and must not reuse a core code; portals show `zh`/`en` from `messages`.
 */
export function defineModuleErrors<C extends string>(messages: Record<C, ModuleErrorMessage>): ((code: C, details?: Record<string, unknown>) => CoreAppError) & { messages: Record<C, ModuleErrorMessage> } {
  for (const code of Object.keys(messages)) {
    if (!/^[A-Z][A-Z0-9_]{2,59}$/.test(code)) throw new Error(`module error code ${code} must be UPPER_SNAKE_CASE`);
    if (isErrorCode(code)) throw new Error(`module error code ${code} is a core code; use the core one or choose another name`);
  }
  const make = (code: C, details?: Record<string, unknown>): CoreAppError => new CoreAppError(code as never, details, messages[code].zh);
  return Object.assign(make, { messages });
}
/** The EntityManager type of a transaction (what onApproved/onSettled handlers receive). */
export type { ModuleEntityManager } from '../platform/modules/gateway-module.js';
