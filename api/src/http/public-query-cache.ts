import { createHash } from "node:crypto";
import type { ApolloServerPlugin, GraphQLResponse } from "@apollo/server";
import { Kind, type OperationDefinitionNode } from "graphql";
import { LRUCache } from "lru-cache";
import type { RequestContext } from "../context";

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
 * queries whose every root field is public are cached. Writes do not empty it: offices sync
 * several times a second at peak, which would leave nothing cached. A visitor sees a write
 * within the TTL (the website keeps its own pages longer); the office that wrote, being signed
 * in, reads past the cache and sees it at once.
 */
export class PublicQueryCache {
  private readonly answers: LRUCache<string, SingleResult>;
  hits = 0;
  misses = 0;

  constructor(private readonly options: PublicQueryCacheOptions) {
    this.answers = new LRUCache<string, SingleResult>({
      max: 10_000,
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (result) => Math.max(1, JSON.stringify(result).length),
      ttl: Math.max(1, options.ttlMs),
    });
  }

  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  lookup(key: string): SingleResult | undefined {
    const hit = this.answers.get(key);
    if (hit) this.hits += 1;
    else this.misses += 1;
    return hit;
  }

  store(key: string, result: SingleResult): void {
    this.answers.set(key, result);
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
      let key: string | null = null;
      let served = false;
      return {
        async responseForOperation({
          operation,
          request,
          source,
          contextValue,
          response,
        }) {
          if (
            !cache.enabled ||
            contextValue.viewer ||
            contextValue.contestPrincipal ||
            !isPublicRead(operation)
          )
            return null;
          key = createHash("sha256")
            .update(
              JSON.stringify([
                source,
                request.operationName ?? null,
                request.variables ?? {},
              ]),
            )
            .digest("base64url");
          const hit = cache.lookup(key);
          if (!hit) {
            response.http.headers.set("x-cache", "MISS");
            return null;
          }
          served = true;
          response.http.headers.set("x-cache", "HIT");
          return {
            http: response.http,
            body: { kind: "single", singleResult: hit },
          };
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          const result = response.body.singleResult;
          if (key && !served && !result.errors?.length)
            cache.store(key, result);
        },
      };
    },
  };
}

/** A query whose root selections are all public fields (fragments at the root are not cached). */
function isPublicRead(operation: OperationDefinitionNode): boolean {
  if (operation.operation !== "query") return false;
  return operation.selectionSet.selections.every(
    (selection) =>
      selection.kind === Kind.FIELD &&
      (selection.name.value === "__typename" ||
        PUBLIC_CACHEABLE_FIELDS.has(selection.name.value)),
  );
}
