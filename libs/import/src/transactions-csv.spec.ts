import { assignOrderIds } from './import-transactions';
import { parseDate, parseTransactionsCsv, TransactionFileError, type TransactionCsvOptions } from './transactions-csv';
import { createReadStream, readFileSync } from 'node:fs';

/** Lines (1-based) whose last column is a zero dollar amount: CDNOW has some, and the rules refuse them. */
const zeroAmountLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => (/\s0\.00\s*$/.test(line) ? [i + 1] : []));

const CDNOW = '/work/shared/datasets/cdnow';
const NOW = new Date('2025-06-01T12:00:00.000Z');
const named: TransactionCsvOptions = {
  customerColumn: 'customer',
  dateColumn: 'date',
  amountColumn: 'amount',
  dateFormat: 'YYYY-MM-DD',
  delimiter: ',',
  now: NOW,
};

describe('reading a transactions file', () => {
  it('reads rows by header name, amounts in minor units, dates as UTC midnight', async () => {
    const parsed = await parseTransactionsCsv('customer,date,amount\nc-1,2024-03-05,19.99\nc-2,2024-03-06,7\n', named);
    expect(parsed).toEqual({
      total: 2,
      rejected: [],
      rows: [
        { line: 2, customerId: 'c-1', day: '20240305', occurredAt: '2024-03-05T00:00:00.000Z', amount: 1999 },
        { line: 3, customerId: 'c-2', day: '20240306', occurredAt: '2024-03-06T00:00:00.000Z', amount: 700 },
      ],
    });
  });

  it('reports every kind of bad row with its line number and keeps the good ones', async () => {
    const file = [
      'customer,date,amount', // 1
      'c-1,2024-03-05,19.99', // 2 good
      ',2024-03-05,1.00', // 3 missing id
      'c 2,2024-03-05,1.00', // 4 id with a space
      'c-3,05.03.2024,1.00', // 5 wrong date format
      'c-3,2024-02-30,1.00', // 6 not a calendar date
      'c-3,2025-07-01,1.00', // 7 in the future
      'c-4,2024-03-05,-1.00', // 8 negative
      'c-4,2024-03-05,0.00', // 9 zero
      'c-4,2024-03-05,1.999', // 10 three decimals
      'c-4,2024-03-05,abc', // 11 not a number
      'c-4,2024-03-05', // 12 too few columns
      '', // 13 blank: ignored
      'c-5,2024-03-07,3.50', // 14 good
    ].join('\r\n');
    const parsed = await parseTransactionsCsv(file, named);
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 14]);
    expect(parsed.total).toBe(12);
    const reasons = Object.fromEntries(parsed.rejected.map((r) => [r.line, r.reason]));
    expect(Object.keys(reasons).map(Number)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(reasons[3]).toMatch(/missing customer id/);
    expect(reasons[4]).toMatch(/customer id "c 2"/);
    expect(reasons[5]).toMatch(/unparseable date "05.03.2024" \(expected YYYY-MM-DD\)/);
    expect(reasons[6]).toMatch(/unparseable date "2024-02-30"/);
    expect(reasons[7]).toMatch(/in the future/);
    for (const line of [8, 9, 10, 11]) expect(reasons[line]).toMatch(/amount must be/);
    expect(reasons[12]).toMatch(/expected at least 3 columns, found 2/);
  });

  it('reads a whitespace-separated file without header by column positions (CDNOW_sample.txt)', async () => {
    const parsed = await parseTransactionsCsv(createReadStream(`${CDNOW}/CDNOW_sample.txt`), {
      customerColumn: 1,
      dateColumn: 3,
      amountColumn: 5,
      dateFormat: 'YYYYMMDD',
      delimiter: 'whitespace',
      now: NOW,
    });
    const zeros = zeroAmountLines(`${CDNOW}/CDNOW_sample.txt`);
    expect(zeros).toHaveLength(8);
    expect(parsed.rejected.map((r) => r.line)).toEqual(zeros);
    expect(parsed.rejected.every((r) => /amount must be greater than 0/.test(r.reason))).toBe(true);
    expect(parsed.total).toBe(6919);
    expect(parsed.rows).toHaveLength(6919 - 8);
    expect(parsed.rows[0]).toEqual({ line: 1, customerId: '00004', day: '19970101', occurredAt: '1997-01-01T00:00:00.000Z', amount: 2933 });
    expect(parsed.rows.at(-1)!.line).toBe(6919);
  });

  it('takes a first line whose date and amount do not parse as the header when columns are positions (CDNOW_master.txt)', async () => {
    const parsed = await parseTransactionsCsv(createReadStream(`${CDNOW}/CDNOW_master.txt`), {
      customerColumn: 1,
      dateColumn: 2,
      amountColumn: 4,
      dateFormat: 'YYYYMMDD',
      delimiter: 'whitespace',
      now: NOW,
    });
    expect(parsed.rejected.map((r) => r.line)).toEqual(zeroAmountLines(`${CDNOW}/CDNOW_master.txt`));
    expect(parsed.total).toBe(69659);
    expect(parsed.rows).toHaveLength(69659 - parsed.rejected.length);
    expect(parsed.rows[0]).toMatchObject({ line: 2, customerId: '00001', amount: 1177 });
    expect(new Set(parsed.rows.map((r) => r.customerId)).size).toBeGreaterThan(23500);
    // 69,659 lines: around 5 s on the shared 2-core machine when it is busy, past jest's default.
  }, 30_000);

  it('reads quoted fields with another delimiter and a header forced by the option', async () => {
    const parsed = await parseTransactionsCsv('"id";"when";"eur"\n"c-1";"01.02.2024";"1200.50"\n', {
      ...named,
      customerColumn: 1,
      dateColumn: 2,
      amountColumn: 3,
      delimiter: ';',
      dateFormat: 'DD.MM.YYYY',
      header: true,
    });
    expect(parsed.rows).toEqual([{ line: 2, customerId: 'c-1', day: '20240201', occurredAt: '2024-02-01T00:00:00.000Z', amount: 120050 }]);
  });

  it('refuses a file it cannot map, before reading rows: unknown column, bad delimiter, names without header', async () => {
    await expect(parseTransactionsCsv('id,date,amount\n', named)).rejects.toThrow(/no customer column named "customer".*columns: id, date, amount/);
    await expect(parseTransactionsCsv('', named)).rejects.toThrow(TransactionFileError);
    await expect(parseTransactionsCsv('a', { ...named, delimiter: '::' })).rejects.toThrow(/delimiter must be one character/);
    await expect(parseTransactionsCsv('a', { ...named, header: false })).rejects.toThrow(/need a header line/);
    await expect(parseTransactionsCsv('a', { ...named, dateFormat: 'DDMMYY' as never })).rejects.toThrow(/unknown date format/);
    await expect(parseTransactionsCsv('customer,date,amount\n"c-1,2024-01-01,1\n', named)).rejects.toThrow(/cannot read the file/);
  });

  it.each([
    ['20240229', 'YYYYMMDD', '2024-02-29T00:00:00.000Z'],
    ['20230229', 'YYYYMMDD', undefined],
    ['2024-12-31', 'YYYY-MM-DD', '2024-12-31T00:00:00.000Z'],
    ['31.12.2024', 'DD.MM.YYYY', '2024-12-31T00:00:00.000Z'],
    ['31/12/2024', 'DD/MM/YYYY', '2024-12-31T00:00:00.000Z'],
    ['12/31/2024', 'MM/DD/YYYY', '2024-12-31T00:00:00.000Z'],
    ['31/12/2024', 'MM/DD/YYYY', undefined],
    ['2024-05-01T14:00:00+02:00', 'ISO', '2024-05-01T12:00:00.000Z'],
    ['2024-05-01', 'ISO', '2024-05-01T00:00:00.000Z'],
    ['2024-05-01T14:00:00', 'ISO', undefined],
    ['2024-02-30T10:00:00Z', 'ISO', undefined],
  ] as const)('date %p in format %p is %p', (text, format, expected) => {
    expect(parseDate(text, format)?.toISOString()).toBe(expected);
  });
});

describe('order ids', () => {
  it('keep rows of one customer on one day separate, numbered in file order, and do not depend on other customers', async () => {
    const { rows } = await parseTransactionsCsv('customer,date,amount\na,2024-01-01,1\nb,2024-01-01,2\na,2024-01-01,3\na,2024-01-02,4\n', named);
    expect([...assignOrderIds(rows).values()]).toEqual(['imp-a-20240101-1', 'imp-b-20240101-1', 'imp-a-20240101-2', 'imp-a-20240102-1']);
    const withoutB = rows.filter((r) => r.customerId === 'a');
    expect([...assignOrderIds(withoutB).values()]).toEqual(['imp-a-20240101-1', 'imp-a-20240101-2', 'imp-a-20240102-1']);
  });
});
