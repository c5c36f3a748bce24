/** Limits applied by the API and announced to its clients. */
export const LIMITS = {
  /** Largest page of any connection (GitHub's cap; OpenAgenda's is similar). */
  maxPageSize: 100,
  defaultPageSize: 20,
  /** GraphQL document limits, checked before execution. */
  maxQueryDepth: 8,
  maxQueryCost: 15000,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 20,
  /** JSON request body. */
  maxJsonBodyBytes: 100 * 1024,
  /** Access tokens for people are short-lived. */
  accessTokenTtlSeconds: 60 * 60,
  searchMaxLength: 100,
} as const;
