import { isDeepStrictEqual } from 'node:util';

/** One field where a stored document and the expected one disagree; `undefined` means absent. */
export interface FieldDifference {
  /** Dotted path, with [i] for array elements: `complaints.open`, `days[3][1]`. */
  readonly path: string;
  readonly stored: unknown;
  readonly expected: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A document as a JSON store gives it back: undefined fields gone, dates as strings. */
export function asStored(doc: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
}

/**
 * The fields that differ between two JSON documents, deepest first reached, at most `limit`
 * of them (a wholly wrong document should not flood the report).
 */
export function documentDifferences(stored: unknown, expected: unknown, limit = 10): FieldDifference[] {
  const found: FieldDifference[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (found.length >= limit || isDeepStrictEqual(a, b)) return;
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) walk(a[key], b[key], path ? `${path}.${key}` : key);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((item, i) => walk(item, b[i], `${path}[${i}]`));
      return;
    }
    found.push({ path: path || '(document)', stored: a, expected: b });
  };
  walk(stored, expected, '');
  return found;
}
