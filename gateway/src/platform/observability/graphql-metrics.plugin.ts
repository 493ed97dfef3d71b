import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from './metrics.js';

/**
 * Times every GraphQL operation from request start to response, labelled with the operation's
 * name (normalised and capped by `Metrics`) and type, and counts the errors of the response by
 * their stable code — after `formatError`, so internal failures count as INTERNAL.
 */
export function graphqlMetricsPlugin<T extends object>(metrics: Metrics): ApolloServerPlugin<T> {
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      let name: string | null | undefined = request.operationName;
      let type: string | undefined;
      return {
        async didResolveOperation({ operation, operationName }) {
          name = operationName ?? operation?.name?.value ?? null;
          type = operation?.operation;
        },
        async willSendResponse({ response }) {
          metrics.observeOperation(name, type, Number(process.hrtime.bigint() - started) / 1e9);
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          for (const e of errors ?? []) metrics.countError(e.extensions?.code, 'graphql');
        },
      };
    },
  };
}
