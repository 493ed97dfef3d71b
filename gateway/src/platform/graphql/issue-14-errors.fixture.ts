import 'reflect-metadata';
import { Ctx, Query, Resolver } from 'type-graphql';
import { defineGatewayModule } from '../modules/gateway-module.js';
import { logger } from '../logging.js';
import type { RequestContext } from './context.js';

/**
 * Test fixture (issue-14-errors.test.ts), a module only that test registers: a query whose
 * statement PostgreSQL refuses — a real database error with SQL in its message — after one
 * ordinary log line of the same request.
 */
export const MISSING_TABLE = 'issue14_no_such_table';
export const PROBE_LINE = 'issue14 probe: before the failing statement';

@Resolver()
class BrokenResolver {
  @Query(() => Boolean, { description: 'test only' })
  async issue14Broken(@Ctx() ctx: RequestContext): Promise<boolean> {
    logger().info(PROBE_LINE);
    await ctx.em.getConnection().execute(`select count(*) from ${MISSING_TABLE}`);
    return true;
  }
}

export const brokenModule = defineGatewayModule({ name: 'issue14-probe', title: '测试', resolvers: [BrokenResolver] });
