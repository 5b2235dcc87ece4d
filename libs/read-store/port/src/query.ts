import {
  assertFieldPath,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  ReadStoreQueryError,
  type FieldOperators,
  type FieldValue,
  type Filter,
  type FindQuery,
  type SortKey,
} from './read-model-store';
import { unusableFieldReason } from './indexes';

/**
 * Query checks and the cursor format shared by every adapter, so that each refuses the same
 * bad input with the same message and a cursor means the same thing everywhere.
 */

export type Comparison = '$eq' | '$gt' | '$gte' | '$lt' | '$lte' | '$in';

export interface Condition {
  readonly field: string;
  readonly op: Comparison;
  readonly value: FieldValue | readonly FieldValue[];
}

export interface NormalisedQuery {
  readonly conditions: readonly Condition[];
  /** The requested keys followed by `_id` in the direction of the last one (ascending alone), unless `_id` was already among them. */
  readonly sort: readonly SortKey[];
  readonly limit: number;
  /** Sort values of the last item of the previous page, one per `sort` key. */
  readonly after?: readonly FieldValue[];
}

const OPERATORS: readonly Comparison[] = ['$eq', '$gt', '$gte', '$lt', '$lte', '$in'];

function isScalar(value: unknown): value is FieldValue {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * The collection's index labels (see indexes.ts) and the fields the filter pins by equality,
 * which together decide which fields a query may use.
 */
interface Usable {
  readonly labels: readonly string[];
  readonly equalityFields: ReadonlySet<string>;
}

function checkField(field: string, usable: Usable, use: string): void {
  if (field === '_id') return;
  assertFieldPath(field);
  const reason = unusableFieldReason(field, usable.labels, usable.equalityFields);
  if (reason !== undefined) throw new ReadStoreQueryError(`cannot ${use} on "${field}": ${reason}`);
}

function equalityFieldsOf(filter: Filter | undefined): Set<string> {
  const fields = new Set<string>();
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) return fields;
  for (const [field, condition] of Object.entries(filter)) {
    if (isScalar(condition) || (typeof condition === 'object' && condition !== null && isScalar((condition as FieldOperators).$eq))) fields.add(field);
  }
  return fields;
}

/**
 * `indexes` are the collection's index labels (`status`, `status,acquiredAt`); a set of
 * plain field names is the single-field case.
 */
export function normaliseFilter(filter: Filter | undefined, indexes: Iterable<string>): Condition[] {
  return normaliseFilterWith(filter, { labels: [...indexes], equalityFields: equalityFieldsOf(filter) });
}

function normaliseFilterWith(filter: Filter | undefined, usable: Usable): Condition[] {
  if (filter === undefined) return [];
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) throw new ReadStoreQueryError('filter must be an object of field conditions');
  const conditions: Condition[] = [];
  for (const [field, condition] of Object.entries(filter)) {
    checkField(field, usable, 'filter');
    if (isScalar(condition)) {
      conditions.push({ field, op: '$eq', value: condition });
      continue;
    }
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
      throw new ReadStoreQueryError(`filter on "${field}" must be a string, number, boolean, null or an operator object`);
    }
    const entries = Object.entries(condition as FieldOperators);
    if (entries.length === 0) throw new ReadStoreQueryError(`filter on "${field}" has no operator`);
    for (const [op, value] of entries) {
      if (!OPERATORS.includes(op as Comparison)) throw new ReadStoreQueryError(`unknown operator ${op} on "${field}" (use ${OPERATORS.join(', ')})`);
      if (op === '$in') {
        if (!Array.isArray(value) || !value.every(isScalar)) throw new ReadStoreQueryError(`$in on "${field}" needs an array of scalars`);
      } else if (op === '$eq') {
        if (!isScalar(value)) throw new ReadStoreQueryError(`$eq on "${field}" needs a scalar`);
      } else if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
        throw new ReadStoreQueryError(`${op} on "${field}" needs a string or a finite number`);
      }
      conditions.push({ field, op: op as Comparison, value: value as FieldValue | FieldValue[] });
    }
  }
  return conditions;
}

interface CursorBody {
  /** The sort it was made for: a cursor is refused with any other. */
  s: string;
  v: FieldValue[];
}

const sortSignature = (sort: readonly SortKey[]) => sort.map((key) => `${key.field}:${key.direction}`).join(',');

export function encodeCursor(sort: readonly SortKey[], values: readonly FieldValue[]): string {
  const body: CursorBody = { s: sortSignature(sort), v: [...values] };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, sort: readonly SortKey[]): FieldValue[] {
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorBody;
  } catch {
    throw new ReadStoreQueryError('cursor is not one this store issued');
  }
  if (typeof body !== 'object' || body === null || !Array.isArray(body.v) || !body.v.every(isScalar) || body.v.length !== sort.length) {
    throw new ReadStoreQueryError('cursor is not one this store issued');
  }
  if (body.s !== sortSignature(sort)) throw new ReadStoreQueryError('cursor belongs to a query with another sort order');
  return body.v;
}

export function normaliseFindQuery(query: FindQuery | undefined, indexes: Iterable<string>): NormalisedQuery {
  const usable: Usable = { labels: [...indexes], equalityFields: equalityFieldsOf(query?.filter) };
  const limit = query?.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ReadStoreQueryError(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE} (got ${String(limit)})`);
  }
  const sort: SortKey[] = [];
  for (const key of query?.sort ?? []) {
    checkField(key?.field, usable, 'sort');
    if (key.direction !== 'asc' && key.direction !== 'desc') throw new ReadStoreQueryError(`sort direction of "${key.field}" must be asc or desc`);
    if (sort.some((k) => k.field === key.field)) throw new ReadStoreQueryError(`sort names "${key.field}" twice`);
    sort.push({ field: key.field, direction: key.direction });
  }
  // Ties go by _id in the direction of the last key, so every sort, descending too, is one walk of
  // an index ending with _id (forwards or backwards) and never needs a sort step after it.
  if (!sort.some((key) => key.field === '_id')) sort.push({ field: '_id', direction: sort.at(-1)?.direction ?? 'asc' });
  const conditions = normaliseFilterWith(query?.filter, usable);
  const after = query?.after === undefined ? undefined : decodeCursor(query.after, sort);
  return { conditions, sort, limit, after };
}
