import { createHash } from 'node:crypto';
import { QueryFailedError, type DataSource } from 'typeorm';

/** How many statement texts a process names (each connection then keeps at most that many plans). */
const MAX_NAMED = 200;
/** Times a text is seen before it is named: a one-off query is not worth a plan kept on every connection. */
const NAMED_AFTER = 3;
/** How many texts not yet named are counted (a client sending endless different queries fills no memory). */
const MAX_COUNTED = 2_000;

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Named (prepared) statements, for reads whose plan does not depend on their values: an event by
 * its key (the event page, answered in SQL) is parsed and planned once per connection, then its plan
 * reused. Lists are not named: a generic plan cannot know how many rows a filter's dates or words
 * hold, and PostgreSQL's generic plan for a weekend's filtered page walked every future date
 * (4 pages a second instead of some hundreds, measured). The texts come from the query's selection,
 * so they are many but repeat: a text is named once seen a few times, and a process names at most
 * MAX_NAMED of them (the first ones; others run as before), which bounds what every connection keeps.
 * Statements go through TypeORM's logger like any other, so the tests count them.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();
  private readonly seen = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {}

  /** How many texts this process has named. */
  get named(): number {
    return this.names.size;
  }

  async query<Row>(sql: string, params: unknown[]): Promise<Row[]> {
    const name = this.nameOf(sql);
    if (!name) return this.dataSource.query(sql, params);
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      const client = (await runner.connect()) as PgClient;
      this.dataSource.logger.logQuery(sql, params, runner);
      try {
        return (await client.query({ name, text: sql, values: params })).rows as Row[];
      } catch (error) {
        this.dataSource.logger.logQueryError(error as Error, sql, params, runner);
        throw new QueryFailedError(sql, params, error as Error);
      }
    } finally {
      await runner.release();
    }
  }

  private nameOf(sql: string): string | undefined {
    const named = this.names.get(sql);
    if (named || this.names.size >= MAX_NAMED) return named;
    const times = (this.seen.get(sql) ?? 0) + 1;
    if (times < NAMED_AFTER) {
      if (this.seen.size >= MAX_COUNTED) this.seen.clear();
      this.seen.set(sql, times);
      return undefined;
    }
    this.seen.delete(sql);
    const name = `nfc_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`;
    this.names.set(sql, name);
    return name;
  }
}

const perDataSource = new WeakMap<DataSource, PreparedStatements>();

/** The process's named statements on a data source (one set per pool). */
export function preparedStatements(dataSource: DataSource): PreparedStatements {
  let prepared = perDataSource.get(dataSource);
  if (!prepared) perDataSource.set(dataSource, (prepared = new PreparedStatements(dataSource)));
  return prepared;
}
