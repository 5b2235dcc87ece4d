import { assertFieldPath, ReadStoreQueryError, type IndexField } from './read-model-store';

/**
 * Index declarations as every adapter records them: one label per index, its fields
 * comma-separated in order (`status`, `status,acquiredAt`). A field path cannot contain a
 * comma, so a label reads back unambiguously, and a single-field label is just the field,
 * as collections created before compound indexes recorded it.
 */

/** The fields of an index in order, without the implicit trailing `_id`. */
export function indexKeys(index: IndexField): string[] {
  if (typeof index !== 'object' || index === null) throw new ReadStoreQueryError('an index must be an object such as {field: "status"}');
  const then = index.then ?? [];
  if (!Array.isArray(then)) throw new ReadStoreQueryError(`"then" of the index on "${String(index.field)}" must be an array of fields`);
  const keys = [index.field, ...then];
  for (const key of keys) {
    assertFieldPath(key);
    if (key === '_id') throw new ReadStoreQueryError('_id is always the last key of every index; do not declare it');
  }
  if (new Set(keys).size !== keys.length) throw new ReadStoreQueryError(`index ${keys.join(', ')} names a field twice`);
  return keys;
}

/** Validated, de-duplicated labels of the declared indexes, in declaration order. */
export function indexLabels(indexes: readonly IndexField[]): string[] {
  if (!Array.isArray(indexes)) throw new ReadStoreQueryError('indexes must be an array');
  return [...new Set(indexes.map((index) => indexKeys(index).join(',')))];
}

export function keysOfLabel(label: string): string[] {
  return label.split(',');
}

/**
 * Whether a query may use `field`, given the indexes and the fields it filters by equality:
 * `_id`, the first field of any index, or a later field of a compound index whose earlier
 * fields all have an equality condition. Undefined when allowed, else the reason.
 */
export function unusableFieldReason(field: string, labels: Iterable<string>, equalityFields: ReadonlySet<string>): string | undefined {
  if (field === '_id') return undefined;
  const needs: string[] = [];
  for (const label of labels) {
    const keys = keysOfLabel(label);
    const at = keys.indexOf(field);
    if (at < 0) continue;
    const before = keys.slice(0, at).filter((key) => !equalityFields.has(key));
    if (before.length === 0) return undefined;
    needs.push(before.map((key) => `"${key}"`).join(' and '));
  }
  if (needs.length === 0) return 'it is not an indexed field of this collection';
  return `it is indexed only after ${needs.join(' or after ')}: add an equality filter on ${needs[0]}`;
}
