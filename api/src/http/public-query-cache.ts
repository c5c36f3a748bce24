import { createHash } from "node:crypto";
import type { ApolloServerPlugin, GraphQLResponse } from "@apollo/server";
import { Kind, type OperationDefinitionNode } from "graphql";
import type { RequestContext } from "../context";
import { SharedAnswers, type Claim } from "./shared-answers";

/**
 * Root fields whose answer is the same for every anonymous visitor: the agenda and the territory.
 * The contest stays out (its phase, ballots and counts change with the clock and the voter).
 */
export const PUBLIC_CACHEABLE_FIELDS: ReadonlySet<string> = new Set([
  "events",
  "event",
  "eventBySlug",
  "territory",
  "epcis",
  "epci",
  "communes",
  "commune",
  "communesByPostalCode",
  "communeAt",
]);

export interface PublicQueryCacheOptions {
  /** How long an answer may be served again; 0 turns the cache off. */
  ttlMs: number;
  /** Memory bound: the sum of the cached answers' JSON lengths. */
  maxBytes?: number;
}

type SingleResult = Extract<
  GraphQLResponse["body"],
  { kind: "single" }
>["singleResult"];

/**
 * Serves repeated anonymous reads of the public agenda from memory. A spike (a festival weekend,
 * a press article) asks the same few pages thousands of times; building each from the database
 * and resolving 50 occurrences with their relations costs milliseconds of CPU every time.
 *
 * Correctness: the key is the query text, the operation name and the variables; only anonymous
 * queries whose every root field is public are cached. A write empties it in every API process
 * (read-invalidation.ts: PostgreSQL NOTIFY at commit, at most four times a second, since offices
 * sync several times a second at peak and emptying on each would leave nothing cached); the TTL
 * stays as the bound if a notification is lost. The office that wrote, being signed in, reads
 * past the cache and sees its write at once. An expired answer is rebuilt by one request
 * while the others are served the previous one (see SharedAnswers).
 */
export class PublicQueryCache {
  private readonly answers: SharedAnswers<SingleResult>;

  constructor(private readonly options: PublicQueryCacheOptions) {
    this.answers = new SharedAnswers<SingleResult>({
      ttlMs: Math.max(1, options.ttlMs),
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeOf: (result) => JSON.stringify(result).length,
    });
  }

  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  claim(key: string): Claim<SingleResult> {
    return this.answers.claim(key);
  }

  /** Forgets every answer: a write reached the agenda or the territory (read-invalidation.ts). */
  forget(): void {
    this.answers.forget();
  }

  plugin(): ApolloServerPlugin<RequestContext> {
    return cachePlugin(this);
  }
}

function cachePlugin(
  cache: PublicQueryCache,
): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      // Set when this request builds the answer others may be waiting for.
      let settle: ((result: SingleResult | undefined) => void) | null = null;
      return {
        async responseForOperation({
          operation,
          request,
          source,
          contextValue,
          response,
        }) {
          // Apollo calls this hook even when no operation could be chosen (several, no name).
          if (!cache.enabled || !isAnonymousPublicRead(operation, contextValue)) return null;
          const key = createHash("sha256")
            .update(
              JSON.stringify([
                source,
                request.operationName ?? null,
                request.variables ?? {},
              ]),
            )
            .digest("base64url");
          const claim = cache.claim(key);
          if (claim.state === "LEAD") {
            settle = claim.settle;
            response.http.headers.set("x-cache", "MISS");
            return null;
          }
          const result =
            claim.state === "WAIT" ? await claim.answer : claim.value;
          // The request this one waited for failed: it runs on its own.
          if (!result) {
            response.http.headers.set("x-cache", "MISS");
            return null;
          }
          response.http.headers.set(
            "x-cache",
            claim.state === "WAIT" ? "HIT-SHARED" : claim.state,
          );
          return {
            http: response.http,
            body: { kind: "single", singleResult: result },
          };
        },
        async willSendResponse({ response }) {
          if (!settle) return;
          const result =
            response.body.kind === "single"
              ? response.body.singleResult
              : undefined;
          // Errors are not shared: the next request tries again.
          settle(result && !result.errors?.length ? result : undefined);
          settle = null;
        },
      };
    },
  };
}

/** A query whose root selections are all public fields (fragments at the root are not cached). */
/** A read whose answer is the same for everyone: public fields only, asked by nobody in particular. */
export function isAnonymousPublicRead(operation: OperationDefinitionNode | null | undefined, context: RequestContext): operation is OperationDefinitionNode {
  return Boolean(operation) && !context.viewer && !context.contestPrincipal && isPublicRead(operation!);
}

function isPublicRead(operation: OperationDefinitionNode): boolean {
  if (operation.operation !== "query") return false;
  return operation.selectionSet.selections.every(
    (selection) =>
      selection.kind === Kind.FIELD &&
      (selection.name.value === "__typename" ||
        PUBLIC_CACHEABLE_FIELDS.has(selection.name.value)),
  );
}
