import type { EntityManager } from '@mikro-orm/postgresql';
import { createMongoAbility } from '@casl/ability';
import type { AppAbility, Principal } from '@tmis/shared';
import type { AuditEvent } from '../audit/audit.service.js';
import { AppError } from './errors.js';
import type { Runtime } from '../runtime.js';

export interface Actor {
  accountId: string;
  username: string;
  unitId: string;
  scopePath: string;
}

/** Everything a resolver may use. A new one — with its own EntityManager fork — per request. */
export interface RequestContext {
  em: EntityManager;
  runtime: Runtime;
  principal: Principal | null;
  actor: Actor | null;
  sessionId: string | null;
  /** How the session was opened: 'password' or 'password+certificate'. */
  authMethod: string | null;
  ability: AppAbility;
  ip: string | null;
  /** Audit events gathered while resolving (e.g. reads of sensitive fields); flushed once per request. */
  pendingAudit: AuditEvent[];
  /** Set-Cookie values for the HTTP layer. */
  responseCookies: string[];
}

export const noAbility = (): AppAbility => createMongoAbility<AppAbility>([]);

export function requirePrincipal(ctx: RequestContext): Principal {
  if (!ctx.principal) throw new AppError('UNAUTHENTICATED');
  if (ctx.principal.restricted) throw new AppError('PASSWORD_CHANGE_REQUIRED');
  return ctx.principal;
}

export function requireActor(ctx: RequestContext): Actor {
  requirePrincipal(ctx);
  return ctx.actor!;
}
