/**
 * Recency/frequency/monetary summary of transaction days, the input of BG/NBD and
 * Gamma-Gamma. Conventions (as in Fader, Hardie & Lee and the `lifetimes` library):
 * - a transaction is a purchase day; several purchases on one UTC day are one transaction whose
 *   value is the day's total;
 * - the first purchase day is the acquisition and is not a "repeat": frequency x counts the
 *   other purchase days up to and including the calibration end;
 * - recency t_x = last calibration purchase day - first purchase day; age T = calibration end -
 *   first purchase day; both in the chosen time unit;
 * - mean repeat spend = mean of the repeat day totals (first day excluded), null when x = 0.
 */
export type TimeUnit = 'days' | 'weeks' | 'months';

/** A "month" is an average Gregorian month, 365.25 / 12 = 30.4375 days, so units are exact multiples of days. */
export const DAYS_PER_TIME_UNIT: Readonly<Record<TimeUnit, number>> = { days: 1, weeks: 7, months: 30.4375 };

export interface TransactionDay {
  /** UTC day, 'YYYY-MM-DD'. */
  day: string;
  /** Total of the day in minor currency units (integer). */
  amountMinor: number;
}

export interface CustomerTransactions {
  customerId: string;
  transactions: readonly TransactionDay[];
}

export interface RfmSummaryOptions {
  /** Last day of the calibration period (inclusive), 'YYYY-MM-DD'. */
  calibrationEnd: string;
  timeUnit: TimeUnit;
}

export interface RfmSummaryRow {
  customerId: string;
  firstPurchaseDay: string;
  /** x: repeat transaction days in the calibration period. */
  frequency: number;
  /** t_x: time from the first to the last calibration transaction. */
  recency: number;
  /** T: time from the first transaction to the calibration end. */
  age: number;
  /** Mean of the repeat day totals in minor units; null when frequency is 0. */
  meanRepeatSpendMinor: number | null;
}

export class InvalidTransactionError extends Error {}

const DAY_FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a strict 'YYYY-MM-DD' UTC day. */
export function dayNumber(day: string): number {
  const match = DAY_FORMAT.exec(day);
  if (match) {
    const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, date);
    const check = new Date(ms);
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === date) {
      return ms / MS_PER_DAY;
    }
  }
  throw new InvalidTransactionError(`day must be a valid UTC date 'YYYY-MM-DD' (got "${day}")`);
}

/**
 * One row per customer whose first purchase is on or before the calibration end; customers
 * acquired later (or with no transactions) are not part of the calibration population and are left out.
 */
export function summarizeRfm(customers: readonly CustomerTransactions[], options: RfmSummaryOptions): RfmSummaryRow[] {
  const unitDays = DAYS_PER_TIME_UNIT[options.timeUnit];
  if (unitDays === undefined) throw new InvalidTransactionError(`unknown time unit "${options.timeUnit}" (use days, weeks or months)`);
  const end = dayNumber(options.calibrationEnd);
  const rows: RfmSummaryRow[] = [];
  for (const customer of customers) {
    const totals = new Map<number, number>();
    for (const transaction of customer.transactions) {
      const amount = transaction.amountMinor;
      if (!Number.isSafeInteger(amount) || amount < 0) {
        throw new InvalidTransactionError(
          `customer ${customer.customerId}: amountMinor must be a non-negative integer of minor units (got ${amount} on ${transaction.day})`,
        );
      }
      const day = dayNumber(transaction.day);
      if (day > end) continue;
      totals.set(day, (totals.get(day) ?? 0) + amount);
    }
    if (totals.size === 0) continue;
    const days = [...totals.keys()].sort((a, b) => a - b);
    const first = days[0];
    const last = days[days.length - 1];
    const frequency = days.length - 1;
    let repeatTotal = 0;
    for (const day of days.slice(1)) repeatTotal += totals.get(day)!;
    rows.push({
      customerId: customer.customerId,
      firstPurchaseDay: new Date(first * MS_PER_DAY).toISOString().slice(0, 10),
      frequency,
      recency: (last - first) / unitDays,
      age: (end - first) / unitDays,
      meanRepeatSpendMinor: frequency > 0 ? repeatTotal / frequency : null,
    });
  }
  return rows;
}
