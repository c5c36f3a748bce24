/**
 * Positional parameters for hand-written SQL, so that row filters from the access modules
 * can be composed into any statement without counting `$n` by hand.
 *
 * @example
 *   const params = new SqlParams([id]);
 *   const sql = `SELECT * FROM event e WHERE e.id = $1 AND ${eventAccess(viewer).readable('e', params)}`;
 *   await db.query(sql, params.values);
 */
export class SqlParams {
  readonly values: unknown[];

  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }

  /** Adds a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A row filter: a boolean SQL expression over the row aliased `alias`. */
export type RowFilter = (alias: string, params: SqlParams) => string;

/** The filter that no row passes: out of reach looks like missing. */
export const NO_ROWS: RowFilter = () => 'false';
