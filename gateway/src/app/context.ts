import type { IncomingMessage } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { noAbility, type RequestContext } from '../platform/graphql/context.js';
import type { Runtime } from '../platform/runtime.js';
import { clientIpResolver } from '../platform/http/client-ip.js';
import { resolveSession } from '../modules/auth/auth.service.js';
import { tokenFromHeaders } from '../modules/auth/session-token.js';

/** Per request: a fresh EntityManager fork, the session behind the token, and the CASL ability. */
export function contextFactory(orm: MikroORM, runtime: Runtime) {
  const clientIp = clientIpResolver(runtime.config.trustedProxies);
  return async (req: IncomingMessage): Promise<RequestContext> => {
    const em = orm.em.fork();
    const ctx: RequestContext = {
      em, runtime, principal: null, actor: null, sessionId: null, authMethod: null, ability: noAbility(), ip: clientIp(req), pendingAudit: [], responseCookies: [],
    };
    const token = tokenFromHeaders(req.headers.authorization, req.headers.cookie);
    if (!token) return ctx;
    const resolved = await resolveSession(em, token, runtime.config.sessionIdleMinutes);
    if (!resolved) return ctx;
    ctx.principal = resolved.principal;
    ctx.sessionId = resolved.session.id;
    ctx.authMethod = resolved.session.authMethod;
    ctx.actor = { accountId: resolved.account.id, username: resolved.account.username, unitId: resolved.account.unit.id, scopePath: resolved.account.scopePath };
    ctx.ability = runtime.abilityFor(resolved.principal);
    return ctx;
  };
}
