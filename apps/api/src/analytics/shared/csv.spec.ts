import { rowsAt, toCsv } from './csv';
import { prefersCsv } from './csv.interceptor';

describe('analytics answers as CSV', () => {
  it('flattens the rows of a table, numbering arrays of numbers', () => {
    const answer = { asOf: 'x', cohorts: [{ cohort: '2025-01', size: 4, retention: [1, 0.5] }, { cohort: '2025-02', size: 2, retention: [1] }] };
    expect(toCsv(rowsAt(answer, 'cohorts'))).toBe('cohort,size,retention.0,retention.1\r\n2025-01,4,1,0.5\r\n2025-02,2,1,\r\n');
  });

  it('carries the scalar fields of the enclosing rows of a nested table', () => {
    const answer = { groups: [{ group: 'smb', customers: 2, steps: [{ time: 1, survival: 0.5 }] }, { group: 'enterprise', customers: 1, steps: [{ time: 2, survival: 1 }] }] };
    expect(toCsv(rowsAt(answer, 'groups[].steps'))).toBe('groups.group,groups.customers,time,survival\r\nsmb,2,1,0.5\r\nenterprise,1,2,1\r\n');
  });

  it('an object of objects is one row per key; nested objects become dotted columns; one-object answers are one row', () => {
    expect(toCsv(rowsAt({ classes: { A: { customers: 2, share: null }, B: { customers: 1, share: 0.5 } } }, 'classes'))).toBe('key,customers,share\r\nA,2,\r\nB,1,0.5\r\n');
    expect(toCsv(rowsAt({ id: 'm', bgNbd: { r: 0.2, a: 1 } }, ''))).toBe('id,bgNbd.r,bgNbd.a\r\nm,0.2,1\r\n');
  });

  it('quotes as RFC 4180 and defuses formula-like text', () => {
    expect(toCsv([{ name: 'a "b", c', note: '=1+2', n: -3 }])).toBe('name,note,n\r\n"a ""b"", c",\'=1+2,-3\r\n');
  });

  it.each([
    ['text/csv', true],
    ['text/csv, application/json', true],
    ['application/json, text/csv', false],
    ['application/json;q=0.5, text/csv', true],
    ['*/*', false],
    [undefined, false],
    ['text/csv;q=0', false],
  ])('Accept %p prefers CSV: %p', (accept, csv) => expect(prefersCsv(accept)).toBe(csv));
});
