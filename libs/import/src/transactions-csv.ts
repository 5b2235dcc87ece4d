import { Parser, type Options as CsvParseOptions } from 'csv-parse';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { CUSTOMER_ID_PATTERN, ENTITY_ID_RULE, InvalidAmountError, MAX_FUTURE_SKEW_MS, parseAmountToMinorUnits } from '@lifeline/customers/domain';

export const DATE_FORMATS = ['YYYYMMDD', 'YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY', 'ISO'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** A column by header name, or by 1-based position (as `cut -f` counts). */
export type ColumnRef = string | number;

export interface TransactionCsvOptions {
  readonly customerColumn: ColumnRef;
  readonly dateColumn: ColumnRef;
  readonly amountColumn: ColumnRef;
  readonly dateFormat: DateFormat;
  /** A single character, or 'whitespace' for columns separated by runs of spaces/tabs (CDNOW style). */
  readonly delimiter: string;
  /**
   * Whether the first line names the columns. Default: yes when a column is given by name;
   * with positions only, a first line whose date and amount both fail to parse is taken as a header.
   */
  readonly header?: boolean;
  /** Dates after this are refused (default: the current time). */
  readonly now?: Date;
}

export interface TransactionRow {
  /** 1-based line in the file. */
  readonly line: number;
  readonly customerId: string;
  /** Business day, YYYYMMDD (UTC); part of the deterministic order id. */
  readonly day: string;
  /** ISO-8601 UTC: midnight of the day, or the exact time for ISO date-times. */
  readonly occurredAt: string;
  /** Integer minor units. */
  readonly amount: number;
}

export interface RejectedRow {
  readonly line: number;
  readonly reason: string;
}

export interface ParsedTransactions {
  readonly rows: TransactionRow[];
  readonly rejected: RejectedRow[];
  /** Data lines read (header and blank lines excluded). */
  readonly total: number;
}

/** The file as a whole cannot be read (bad options, malformed quoting, unknown column). */
export class TransactionFileError extends Error {}

export function parseColumnRef(text: string): ColumnRef {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}

export function validateCsvOptions(options: TransactionCsvOptions): void {
  if (!(DATE_FORMATS as readonly string[]).includes(options.dateFormat)) {
    throw new TransactionFileError(`unknown date format ${options.dateFormat}; use one of ${DATE_FORMATS.join(', ')}`);
  }
  if (options.delimiter !== 'whitespace' && [...options.delimiter].length !== 1) {
    throw new TransactionFileError(`delimiter must be one character or "whitespace" (got ${JSON.stringify(options.delimiter)})`);
  }
  for (const [name, ref] of [['customer', options.customerColumn], ['date', options.dateColumn], ['amount', options.amountColumn]] as const) {
    if (typeof ref === 'number' ? !Number.isSafeInteger(ref) || ref < 1 : ref.trim() === '') {
      throw new TransactionFileError(`${name} column must be a header name or a position from 1 (got ${JSON.stringify(ref)})`);
    }
  }
}

const DATE_PATTERNS: Record<Exclude<DateFormat, 'ISO'>, { pattern: RegExp; order: ['y', 'm', 'd'] | ['d', 'm', 'y'] | ['m', 'd', 'y'] }> = {
  YYYYMMDD: { pattern: /^(\d{4})(\d{2})(\d{2})$/, order: ['y', 'm', 'd'] },
  'YYYY-MM-DD': { pattern: /^(\d{4})-(\d{2})-(\d{2})$/, order: ['y', 'm', 'd'] },
  'DD.MM.YYYY': { pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, order: ['d', 'm', 'y'] },
  'DD/MM/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: ['d', 'm', 'y'] },
  'MM/DD/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: ['m', 'd', 'y'] },
};
// Full ISO-8601 date or date-time; a time needs an offset so that it means one instant.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Parses a date in the given format to a UTC instant; undefined when it is not a real calendar date. */
export function parseDate(text: string, format: DateFormat): Date | undefined {
  const value = text.trim();
  if (format === 'ISO') {
    if (!ISO_DATE_TIME.test(value)) return undefined;
    const date = new Date(value);
    const [y, m, d] = value.slice(0, 10).split('-').map(Number);
    // Date.parse rolls 2025-02-30 over to March; a calendar check on the date part refuses it.
    if (Number.isNaN(date.getTime()) || !isCalendarDate(y, m, d)) return undefined;
    return date;
  }
  const { pattern, order } = DATE_PATTERNS[format];
  const match = pattern.exec(value);
  if (!match) return undefined;
  const parts = { y: 0, m: 0, d: 0 };
  order.forEach((key, i) => (parts[key] = Number(match[i + 1])));
  if (!isCalendarDate(parts.y, parts.m, parts.d)) return undefined;
  return new Date(Date.UTC(parts.y, parts.m - 1, parts.d));
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const compactDay = (date: Date) => date.toISOString().slice(0, 10).replace(/-/g, '');

/**
 * Reads a transactions file into validated rows and rejected lines. Never throws for a bad
 * row (it is reported with its line number); throws TransactionFileError when the file as a
 * whole is unreadable. Holds the whole file: `readTransactions` streams it.
 */
export async function parseTransactionsCsv(input: Readable | string, options: TransactionCsvOptions): Promise<ParsedTransactions> {
  const rows: TransactionRow[] = [];
  const rejected: RejectedRow[] = [];
  let total = 0;
  for await (const items of readTransactions(input, options)) {
    for (const item of items) {
      total++;
      if ('reason' in item) rejected.push(item);
      else rows.push(item);
    }
  }
  return { rows, rejected, total };
}

/** Rows handed out at a time by readTransactions (one await per row would cost more than the row). */
const ROWS_PER_YIELD = 1_000;

/** The data lines of a transactions file, in file order, a slice at a time, as valid rows or rejected lines. */
export async function* readTransactions(input: Readable | string, options: TransactionCsvOptions): AsyncGenerator<Array<TransactionRow | RejectedRow>> {
  validateCsvOptions(options);
  const whitespace = options.delimiter === 'whitespace';
  const byName = [options.customerColumn, options.dateColumn, options.amountColumn].some((ref) => typeof ref === 'string');
  if (options.header === false && byName) throw new TransactionFileError('columns given by name need a header line; give positions (1, 2, ...) for a file without one');
  const notAfter = (options.now ?? new Date()).getTime() + MAX_FUTURE_SKEW_MS;
  const parser = new LineNumberedParser({
    delimiter: whitespace ? '\t' : options.delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: !whitespace,
  });
  const source = typeof input === 'string' ? Readable.from([input]) : input;
  source.on('error', (error) => parser.destroy(error));
  if (whitespace) {
    const tabs = new WhitespaceToTabs();
    tabs.on('error', (error) => parser.destroy(error));
    source.pipe(tabs).pipe(parser);
  } else {
    source.pipe(parser);
  }

  let columns: { customer: number; date: number; amount: number } | undefined;
  const positions = () => ({ customer: position(options.customerColumn), date: position(options.dateColumn), amount: position(options.amountColumn) });
  const position = (ref: ColumnRef) => (typeof ref === 'number' ? ref - 1 : -1);

  let slice: Array<TransactionRow | RejectedRow> = [];
  try {
    for await (const { fields, line } of parser as AsyncIterable<NumberedRecord>) {
      if (!columns) {
        if (byName || options.header === true) {
          columns = resolveHeader(fields, options);
          continue;
        }
        columns = positions();
        if (options.header === undefined && looksLikeHeader(fields, columns, options.dateFormat)) continue;
      }
      slice.push(readRow(fields, columns, line, options.dateFormat, notAfter));
      if (slice.length >= ROWS_PER_YIELD) {
        yield slice;
        slice = [];
      }
    }
  } catch (error) {
    if (error instanceof TransactionFileError) throw error;
    throw new TransactionFileError(`cannot read the file: ${(error as Error).message}`);
  } finally {
    source.unpipe?.();
    parser.destroy();
  }
  if (!columns && byName) throw new TransactionFileError('the file is empty: no header line with the column names');
  if (slice.length > 0) yield slice;
}

function resolveHeader(header: string[], options: TransactionCsvOptions) {
  const names = header.map((name) => name.trim());
  const find = (kind: string, ref: ColumnRef) => {
    if (typeof ref === 'number') return ref - 1;
    const index = names.indexOf(ref.trim());
    if (index < 0) throw new TransactionFileError(`no ${kind} column named "${ref}" in the header (columns: ${names.join(', ')})`);
    return index;
  };
  return { customer: find('customer', options.customerColumn), date: find('date', options.dateColumn), amount: find('amount', options.amountColumn) };
}

function looksLikeHeader(fields: string[], columns: { date: number; amount: number }, format: DateFormat): boolean {
  const date = fields[columns.date];
  const amount = fields[columns.amount];
  const amountParses = amount !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(amount);
  return (date === undefined || parseDate(date, format) === undefined) && !amountParses;
}

function readRow(
  fields: string[],
  columns: { customer: number; date: number; amount: number },
  line: number,
  format: DateFormat,
  notAfter: number,
): TransactionRow | RejectedRow {
  const needed = Math.max(columns.customer, columns.date, columns.amount) + 1;
  if (fields.length < needed) return { line, reason: `expected at least ${needed} columns, found ${fields.length}` };
  const customerId = fields[columns.customer].trim();
  if (customerId === '') return { line, reason: 'missing customer id' };
  if (!CUSTOMER_ID_PATTERN.test(customerId)) {
    return { line, reason: `customer id "${customerId}" must be ${ENTITY_ID_RULE}` };
  }
  const dateText = fields[columns.date];
  const date = parseDate(dateText, format);
  if (!date) return { line, reason: `unparseable date "${dateText.trim()}" (expected ${format})` };
  if (date.getTime() > notAfter) return { line, reason: `date ${dateText.trim()} is in the future` };
  let amount: number;
  try {
    amount = parseAmountToMinorUnits(fields[columns.amount]!.trim());
  } catch (error) {
    if (error instanceof InvalidAmountError) return { line, reason: error.message };
    throw error;
  }
  return { line, customerId, day: compactDay(date), occurredAt: date.toISOString(), amount };
}

interface NumberedRecord {
  readonly fields: string[];
  /** The line the record ends on, as csv-parse's `info.lines` counts. */
  readonly line: number;
}

/**
 * csv-parse with each record's line number. Its `info` option gives one too, but builds two
 * objects of a dozen fields per record to do it (a twentieth of a million-row import's CPU);
 * the parser pushes each record as soon as it is read, so its running `info.lines` is the
 * same number.
 */
class LineNumberedParser extends Parser {
  constructor(options: CsvParseOptions) {
    super(options);
  }

  override push(record: unknown, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : ({ fields: record as string[], line: this.info.lines } satisfies NumberedRecord), encoding);
  }
}

/**
 * Whitespace-separated files (CDNOW style: padded columns) become tab-separated lines, line
 * breaks kept so line numbers stay right. csv-parse can split on a set of delimiters itself,
 * but then yields an empty field per extra space and runs about six times slower.
 */
class WhitespaceToTabs extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const end = text.lastIndexOf('\n') + 1;
    this.rest = text.slice(end);
    callback(null, collapseWhitespace(text.slice(0, end)));
  }

  override _flush(callback: TransformCallback): void {
    callback(null, collapseWhitespace(this.rest + this.decoder.end()));
  }
}

const collapseWhitespace = (lines: string) => lines.replace(/^[ \t]+|[ \t]+(?=\r?$)/gm, '').replace(/[ \t]+/g, '\t');
