import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { createBudget, type BudgetStore } from '../common/rate-limits';
import type { RequestContext } from '../context';
import type { OperationDefinitionNode } from 'graphql';
import { measurePages, type PageMeasure } from './document-budget';

/**
 * What an anonymous address may make the database do: agenda pages (one point each) and the
 * counts over every matching row that come with them (two points each) per second, spent
 * before the operation runs. Request
 * budgets count requests, and one request of three counted pages costs a hundred of
 * `{ territory { name } }`; this one counts what a request costs. Answers the public cache
 * already holds cost nothing, so this plugin comes after it and is not asked for them.
 */
export function anonymousPageBudget(pagesPerSecond: number, store: BudgetStore = { kind: 'memory' }): ApolloServerPlugin<RequestContext> {
  // Shared by every process, as the request budgets are (common/rate-limits.ts).
  const limiter = createBudget({ keyPrefix: 'pages', points: pagesPerSecond, duration: 1 }, store);
  const measured = new WeakMap<OperationDefinitionNode, PageMeasure>();
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ operation, document, schema, contextValue }) {
          if (!operation || !document || contextValue.viewer) return null;
          // Apollo keeps one parsed document per query text: the walk is done once per operation.
          let measure = measured.get(operation);
          if (!measure) measured.set(operation, (measure = measurePages(schema, document, operation)));
          const { pages, counts } = measure;
          // A count reads every matching row, a page only its first ones: a count weighs two.
          // Capped at the whole budget, so that the largest request allowed can still run.
          const cost = Math.min(pages + 2 * counts, pagesPerSecond);
          if (cost === 0) return null;
          try {
            await limiter.consume(contextValue.ip, cost);
            return null;
          } catch (error) {
            if (!(error instanceof RateLimiterRes)) throw error;
            const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
            return {
              http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
              body: { kind: 'single', singleResult: { errors: [{ message: 'Too many requests; retry later.', extensions: { code: 'RATE_LIMITED', retryAfterSeconds } }] } },
            };
          }
        },
      };
    },
  };
}
