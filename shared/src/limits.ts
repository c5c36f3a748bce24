/** Limits applied by the API and announced to its clients. */
export const LIMITS = {
  /** Largest page of any connection (GitHub's cap; OpenAgenda's is similar). */
  maxPageSize: 100,
  defaultPageSize: 20,
  /** Items all the pages of one request may ask for together (the sum of their `first`). */
  maxItemsPerRequest: 200,
  /** Pages (fields with `first`) in one request: each is its own SQL, its count included. */
  maxPagesPerRequest: 3,
  /** GraphQL document limits, checked before execution. */
  maxQueryDepth: 8,
  maxQueryCost: 15000,
  maxAliases: 15,
  maxTokens: 1000,
  maxDirectives: 20,
  /** Checked before parsing, in one pass of the lexer (api/src/http/document-budget.ts). */
  maxQueryBytes: 16 * 1024,
  maxOperations: 5,
  /** Fragment definitions, and spreads (`...`, inline ones included): validating each costs more than a field. */
  maxFragments: 20,
  /** Nesting of input values: list and object literals in arguments, and each variable's JSON. */
  maxInputDepth: 12,
  /** Values (scalars, lists, objects) in one request's variables. */
  maxVariableValues: 5000,
  /** JSON request body. */
  maxJsonBodyBytes: 100 * 1024,
  /** Access tokens for people are short-lived. */
  accessTokenTtlSeconds: 60 * 60,
  /** How long a sign-in may be extended by refreshSession before the password is asked again. */
  sessionMaxSeconds: 12 * 60 * 60,
  searchMaxLength: 100,
} as const;
