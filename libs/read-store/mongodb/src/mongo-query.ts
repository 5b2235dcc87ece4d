import {
  keysOfLabel,
  ReadStoreQueryError,
  type Condition,
  type FieldValue,
  type SortKey,
  type StoredDocument,
} from '@lifeline/read-store/port';

/**
 * The pure half of the MongoDB adapter: the port's normalised queries, cursors and documents
 * turned into MongoDB filters, sorts and stored documents. No I/O, so tested directly.
 */

export type MongoFilter = Record<string, unknown>;

/** One MongoDB collection per read model and version, so a rebuild writes next to the live one. */
export function dataCollectionName(collection: string, version: number): string {
  return `${collection}__v${version}`;
}

/** The version a data collection name belongs to, or undefined for any other collection. */
export function versionOfDataCollection(collection: string, candidate: string): number | undefined {
  const prefix = `${collection}__v`;
  if (!candidate.startsWith(prefix)) return undefined;
  const digits = candidate.slice(prefix.length);
  return /^[1-9]\d*$/.test(digits) ? Number(digits) : undefined;
}

function conditionToMongo(condition: Condition): MongoFilter {
  // `{field: null}` and `{$in: [null]}` also match a missing field, which is the port's rule.
  return { [condition.field]: { [condition.op]: condition.value } };
}

/**
 * The key document of an index label: `{status: 1}` for a single field (as collections created
 * before compound indexes have it), `{status: 1, acquiredAt: 1, _id: 1}` for a compound one, so
 * an equality on `status` serves the (acquiredAt, _id) order a keyset page asks for.
 */
export function mongoIndexKey(label: string): Record<string, 1> {
  const keys = keysOfLabel(label);
  const spec: Record<string, 1> = {};
  for (const key of keys.length > 1 ? [...keys, '_id'] : keys) spec[key] = 1;
  return spec;
}

/** The AND of the conditions; `{}` when there are none. */
export function toMongoFilter(conditions: readonly Condition[], ...more: MongoFilter[]): MongoFilter {
  const clauses = [...conditions.map(conditionToMongo), ...more];
  if (clauses.length === 0) return {};
  if (clauses.length === 1) return clauses[0]!;
  return { $and: clauses };
}

/** The sort as a MongoDB sort document, in key order (the port already appended `_id`). */
export function toMongoSort(sort: readonly SortKey[]): Record<string, 1 | -1> {
  const mongo: Record<string, 1 | -1> = {};
  for (const key of sort) mongo[key.field] = key.direction === 'asc' ? 1 : -1;
  return mongo;
}

/**
 * Documents strictly after the cursor in (sort keys..., _id) order, as an `$or` of
 * "equal on the first k keys, beyond on key k". Null (a missing field) sorts first ascending
 * and last descending, as MongoDB sorts it, so "beyond null ascending" is "not null" and
 * nothing is beyond null descending.
 */
export function keysetAfter(sort: readonly SortKey[], after: readonly FieldValue[]): MongoFilter {
  if (after.length !== sort.length) throw new ReadStoreQueryError('cursor is not one this store issued');
  const alternatives: MongoFilter[] = [];
  for (let k = 0; k < sort.length; k++) {
    const { field, direction } = sort[k]!;
    const value = after[k]!;
    let beyond: MongoFilter;
    if (direction === 'asc') beyond = value === null ? { [field]: { $ne: null } } : { [field]: { $gt: value } };
    else if (value === null) continue;
    else beyond = { $or: [{ [field]: { $lt: value } }, { [field]: null }] };
    const equalBefore = sort.slice(0, k).map((key, i) => ({ [key.field]: after[i] }));
    alternatives.push(equalBefore.length === 0 ? beyond : { $and: [...equalBefore, beyond] });
  }
  // Nothing sorts after the last document: match nothing rather than everything.
  return alternatives.length === 0 ? { _id: { $in: [] } } : { $or: alternatives };
}

/** The value at a dotted path, null when missing or not a scalar (a cursor holds scalars only). */
export function valueAt(document: Readonly<Record<string, unknown>>, path: string): FieldValue {
  let current: unknown = document;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return null;
    current = (current as Record<string, unknown>)[part];
  }
  if (current === null || typeof current === 'string' || typeof current === 'boolean') return current;
  return typeof current === 'number' && Number.isFinite(current) ? current : null;
}

/**
 * Checks a document as the SQLite adapter does and stores what JSON would keep (dates become
 * ISO strings, undefined fields vanish), so both adapters return the same documents.
 */
export function toStoredDocument(doc: StoredDocument): StoredDocument {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ReadStoreQueryError('a document must be an object');
  const { _id, ...body } = doc;
  if (typeof _id !== 'string' || _id === '') throw new ReadStoreQueryError('every document needs a non-empty string _id');
  for (const key of Object.keys(body)) {
    if (key.startsWith('$')) throw new ReadStoreQueryError(`document ${_id}: field names may not start with "$" (${key})`);
  }
  return { _id, ...(JSON.parse(JSON.stringify(body)) as Record<string, unknown>) };
}

/** A connection string with any user:password removed, fit for a log line or an error. */
export function redactMongoUrl(url: string): string {
  return url.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1***@');
}

/** The database named in the connection string's path, else `lifeline` (not the driver's `test`). */
export function databaseNameOf(url: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]+)/.exec(url);
  return match ? decodeURIComponent(match[1]!) : 'lifeline';
}
