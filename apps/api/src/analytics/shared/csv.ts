/**
 * Analytics answers as CSV for spreadsheets (Accept: text/csv): the endpoint names the table in
 * its answer (`cohorts`, `groups[].steps`, …); each row is flattened to dotted columns, arrays of
 * numbers to numbered columns (retention.0, retention.1, …), and scalar fields of the enclosing
 * rows of a nested table (`groups[]`) are carried as leading columns.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Row = Record<string, Json>;

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(value: Json, prefix: string, into: Row): void {
  if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix === '' ? key : `${prefix}.${key}`, into);
  } else if (Array.isArray(value)) {
    // Arrays of scalars become numbered columns; arrays of objects are other tables, left out.
    if (value.every((v) => !isObject(v) && !Array.isArray(v))) value.forEach((v, i) => (into[`${prefix}.${i}`] = v));
  } else {
    into[prefix] = value;
  }
}

const scalarsOf = (value: Record<string, Json>, prefix: string): Row =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => !isObject(v) && !Array.isArray(v)).map(([k, v]) => [prefix === '' ? k : `${prefix}.${k}`, v]));

/**
 * The rows at `path`: '' is the answer itself (one row); 'a.b' an array (or an object of objects,
 * one row per key, the key in column `key`); 'groups[].steps' the steps of every group.
 */
export function rowsAt(answer: unknown, path: string): Row[] {
  if (path === '') {
    const row: Row = {};
    flatten(answer as Json, '', row);
    return [row];
  }
  const [head, ...rest] = path.split('.');
  const nested = head!.endsWith('[]');
  const value = (answer as Record<string, Json>)[nested ? head!.slice(0, -2) : head!];
  if (nested) {
    return (Array.isArray(value) ? value : []).flatMap((parent) => {
      if (!isObject(parent)) return [];
      const carried = scalarsOf(parent, head!.slice(0, -2));
      return rowsAt(parent, rest.join('.')).map((row) => ({ ...carried, ...row }));
    });
  }
  if (rest.length > 0) return rowsAt(value, rest.join('.'));
  const items: Json[] = Array.isArray(value) ? value : isObject(value) ? Object.entries(value).map(([key, v]) => ({ key, ...(isObject(v) ? v : { value: v }) })) : [];
  return items.map((item) => {
    const row: Row = {};
    flatten(isObject(item) ? item : { value: item }, '', row);
    return row;
  });
}

function cell(value: Json | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A text cell starting like a formula is not run by spreadsheets (OWASP CSV injection).
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 text: a header of every column seen (first-seen order), then one line per row, CRLF line ends. */
export function toCsv(rows: readonly Row[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) if (!seen.has(key)) (seen.add(key), columns.push(key));
  return [columns.map(cell).join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\r\n') + '\r\n';
}
