import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Config } from '../config.js';
import { appendAudit } from '../audit/audit.service.js';
import { logger } from '../logging.js';
import type { RequestContext } from './context.js';
import { AppError, formatError, httpOf, requestError } from './errors.js';
import { inputLimitsPlugin } from './input-check.js';

/** Sensitive-field reads gathered during execution go to the audit log in one write per request. */
const flushAudit: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue }) {
        if (contextValue.pendingAudit.length === 0) return;
        const events = contextValue.pendingAudit.splice(0);
        await appendAudit(contextValue.em, events).catch((e: unknown) => logger().error({ err: e }, 'audit flush failed'));
      },
    };
  },
};

/**
 * A throttled answer in execution (LOGIN_THROTTLED, RATE_LIMITED) is HTTP 429 with Retry-After;
 * other errors in execution keep GraphQL's 200 (the refusals before execution carry their 4xx).
 */
const errorStatus: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ errors, response }) {
        for (const e of errors ?? []) {
          const original = e.originalError;
          if (!(original instanceof AppError)) continue;
          const http = httpOf(original, 200);
          if (http.status !== 429) continue;
          response.http.status = http.status;
          for (const [k, v] of http.headers ?? []) response.http.headers.set(k, v);
          return;
        }
      },
    };
  },
};

function selectsIntrospection(doc: DocumentNode): boolean {
  let found = false;
  visit(doc, { Field(node) { if (node.name.value === '__schema' || node.name.value === '__type') found = true; } });
  return found;
}

/**
 * In production the schema is described to signed-in users only: analysts' GraphiQL gets its
 * documentation and completion, anonymous callers get nothing to map the API with.
 */
function introspectionForUsers(cfg: Config): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document }) {
          if (cfg.env === 'production' && !contextValue.principal && selectsIntrospection(document)) throw requestError(new AppError('UNAUTHENTICATED'));
        },
      };
    },
  };
}

export const MAX_TOKENS = 5_000;

/** `extraPlugins`: the composition root's own (e.g. operation metrics, platform/observability). */
export function createApollo(schema: GraphQLSchema, cfg: Config, extraPlugins: ApolloServerPlugin<RequestContext>[] = []): ApolloServer<RequestContext> {
  // Limits keep one analyst's query from taking the server down. Tokens are counted by the
  // parser itself (parseOptions), whose refusal Apollo answers with 400; armor's token plugin
  // throws outside the request pipeline and gave 500. Suggestions are hidden in formatError.
  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 30 },
    costLimit: { maxCost: 20_000 },
    maxDirectives: { n: 30 },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  const production = cfg.env === 'production';
  const protection = armor.protect();
  return new ApolloServer<RequestContext>({
    schema,
    allowBatchedHttpRequests: false,
    // graphql-armor's typings point at Apollo's CJS build; the plugins are the same at run time.
    plugins: [...(protection.plugins as unknown as ApolloServerPlugin<RequestContext>[]), ApolloServerPluginLandingPageDisabled(), introspectionForUsers(cfg), inputLimitsPlugin<RequestContext>(), flushAudit, errorStatus, ...extraPlugins],
    validationRules: [...protection.validationRules],
    parseOptions: { maxTokens: MAX_TOKENS },
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, { debugErrors: cfg.debugErrors, hideSuggestions: production }),
  });
}
