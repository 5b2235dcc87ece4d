import type { Condition, FieldValue, NormalisedQuery, SortKey } from '@lifeline/read-store/port';

/** SQL for the read store's queries: filters, keyset cursors and pages over a collection table. */

export type SqlValue = string | number | null;

/** A WHERE clause as parts to AND together, with their parameters in order. */
export interface Clauses {
  readonly where: string[];
  readonly params: SqlValue[];
}

/** A page query; its LIMIT is the last parameter, bound by the caller. */
export interface PageSql {
  readonly sql: string;
  readonly params: SqlValue[];
}

/** The exact expression indexes are built on: queries must repeat it verbatim for SQLite to use them. */
export const expressionOf = (field: string) => (field === '_id' ? 'id' : `json_extract(doc, '$.${field}')`);

/** Up to this many `$in` values are bound one per variable; longer lists go as one JSON array. */
const IN_LIST_PARAMETERS = 500;

export const bindable = (value: FieldValue): SqlValue => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

/** The filter's conditions; a missing field is NULL, as in MongoDB. */
export function conditionClauses(conditions: readonly Condition[]): Clauses {
  const where: string[] = [];
  const params: SqlValue[] = [];
  for (const condition of conditions) {
    const expression = expressionOf(condition.field);
    if (condition.op === '$in') {
      const values = condition.value as readonly FieldValue[];
      if (values.length === 0) {
        where.push('0');
        continue;
      }
      const nonNull = values.filter((value) => value !== null);
      const parts: string[] = [];
      if (nonNull.length > IN_LIST_PARAMETERS) {
        // One JSON array parameter: SQLite refuses more than 32,766 variables in a statement,
        // and an RFM segment of a large customer base is a list that long.
        parts.push(`${expression} IN (SELECT value FROM json_each(?))`);
        params.push(JSON.stringify(nonNull.map(bindable)));
      } else if (nonNull.length > 0) {
        parts.push(`${expression} IN (${nonNull.map(() => '?').join(',')})`);
        params.push(...nonNull.map(bindable));
      }
      if (nonNull.length < values.length) parts.push(`${expression} IS NULL`);
      where.push(`(${parts.join(' OR ')})`);
      continue;
    }
    const value = condition.value as FieldValue;
    if (condition.op === '$eq') {
      where.push(value === null ? `${expression} IS NULL` : `${expression} = ?`);
      if (value !== null) params.push(bindable(value));
      continue;
    }
    const operator = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[condition.op];
    where.push(`${expression} ${operator} ?`);
    params.push(bindable(value));
  }
  return { where, params };
}

/**
 * Rows strictly after the cursor in (sort keys..., _id) order, added to `clauses`. NULL (a
 * missing field) sorts first ascending and last descending, as in MongoDB.
 */
function appendKeyset(sort: readonly SortKey[], after: readonly FieldValue[], { where, params }: Clauses): void {
  const alternatives: string[] = [];
  for (let k = 0; k < sort.length; k++) {
    const parts: string[] = [];
    const partParams: SqlValue[] = [];
    for (let i = 0; i < k; i++) {
      const value = after[i];
      parts.push(value === null ? `${expressionOf(sort[i].field)} IS NULL` : `${expressionOf(sort[i].field)} = ?`);
      if (value !== null) partParams.push(bindable(value));
    }
    const expression = expressionOf(sort[k].field);
    const value = after[k];
    if (sort[k].direction === 'asc') {
      if (value === null) parts.push(`${expression} IS NOT NULL`);
      else {
        parts.push(`${expression} > ?`);
        partParams.push(bindable(value));
      }
    } else {
      if (value === null) continue; // nothing sorts after NULL descending
      parts.push(`(${expression} < ? OR ${expression} IS NULL)`);
      partParams.push(bindable(value));
    }
    alternatives.push(`(${parts.join(' AND ')})`);
    params.push(...partParams);
  }
  where.push(alternatives.length ? `(${alternatives.join(' OR ')})` : '0');
  // Implied by the alternatives, but SQLite cannot seek an index on an OR: this bound lets a
  // later page start where the cursor is instead of re-reading every earlier page.
  if (sort.length > 1 && sort[0].direction === 'asc' && after[0] !== null) {
    where.push(`${expressionOf(sort[0].field)} >= ?`);
    params.push(bindable(after[0]));
  }
}

/**
 * The page query of `find` over `table`, selecting each sort value as s0, s1, … for the next
 * cursor. A later page of a descending sort is split in two: the documents with a value, bounded
 * by the cursor's value so SQLite seeks to it, then (`nullTail`, read only when the first part
 * does not fill the page) the documents without one, which sort last descending and all come
 * after a cursor with a value. One query for "below the cursor or missing" cannot seek, and
 * re-read every earlier page.
 */
export function pageSql(table: string, query: NormalisedQuery): PageSql & { readonly nullTail?: PageSql } {
  const { sort, after } = query;
  const clauses = conditionClauses(query.conditions);
  const sortColumns = sort.map((key, i) => `${expressionOf(key.field)} AS s${i}`).join(', ');
  const orderBy = sort.map((key) => `${expressionOf(key.field)} ${key.direction === 'asc' ? 'ASC' : 'DESC'}`).join(', ');
  const select = (where: readonly string[]) =>
    `SELECT id, doc, ${sortColumns} FROM ${table}` + (where.length ? ` WHERE ${where.join(' AND ')}` : '') + ` ORDER BY ${orderBy} LIMIT ?`;
  if (!after) return { sql: select(clauses.where), params: clauses.params };

  const first = expressionOf(sort[0].field);
  const splitAtNull = sort.length > 1 && sort[0].direction === 'desc' && after[0] !== null;
  const nullTail = splitAtNull ? { sql: select([...clauses.where, `${first} IS NULL`]), params: [...clauses.params] } : undefined;
  appendKeyset(sort, after, clauses);
  if (splitAtNull) {
    clauses.where.push(`${first} <= ?`);
    clauses.params.push(bindable(after[0]));
  }
  return { sql: select(clauses.where), params: clauses.params, ...(nullTail && { nullTail }) };
}
