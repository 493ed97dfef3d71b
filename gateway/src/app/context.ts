import type { IncomingMessage } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { noAbility, type RequestContext } from '../platform/graphql/context.js';
import type { Runtime } from '../platform/runtime.js';
import { clientIpResolver } from '../platform/http/client-ip.js';
import { resolveSession } from '../modules/auth/auth.service.js';
import { tokenFromHeaders } from '../modules/auth/session-token.js';
import type { SessionCache } from '../modules/auth/session-cache.js';

// One CASL ability per cached principal: the cache hands out the same frozen principal object.
const abilities = new WeakMap<object, RequestContext['ability']>();

/** Per request: a fresh EntityManager fork, the session behind the token (cached for seconds), and the CASL ability. */
export function contextFactory(orm: MikroORM, runtime: Runtime, sessions?: SessionCache) {
  const clientIp = clientIpResolver(runtime.config.trustedProxies);
  return async (req: IncomingMessage): Promise<RequestContext> => {
    const em = orm.em.fork();
    const ctx: RequestContext = {
      em, runtime, principal: null, actor: null, sessionId: null, authMethod: null, ability: noAbility(), ip: clientIp(req), pendingAudit: [], responseCookies: [],
    };
    const token = tokenFromHeaders(req.headers.authorization, req.headers.cookie);
    if (!token) return ctx;
    const resolved = await resolveSession(em, token, runtime.config.sessionIdleMinutes, sessions);
    if (!resolved) return ctx;
    ctx.principal = resolved.principal;
    ctx.sessionId = resolved.sessionId;
    ctx.authMethod = resolved.authMethod;
    ctx.actor = resolved.actor;
    let ability = abilities.get(resolved.principal);
    if (!ability) abilities.set(resolved.principal, (ability = runtime.abilityFor(resolved.principal)));
    ctx.ability = ability;
    return ctx;
  };
}
