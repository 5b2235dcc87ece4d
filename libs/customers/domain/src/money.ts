/**
 * Money crosses the API as a decimal string ("19.99") and lives in events as integer
 * minor units, so that sums are exact. Only 2-decimal currencies are supported.
 *
 * One purchase is at most MAX_PURCHASE_AMOUNT (a safe integer of minor units, as the event's
 * published `amount` is a JSON number). Sums are unbounded: read models and analytics add up
 * as BigInt, store the sum as a decimal string of minor units (JSON has no BigInt) and answer it
 * as a decimal string of the currency ("12345678901234.56"). Averages, shares and model
 * estimates stay floating point; they are estimates anyway.
 */
const DECIMAL_AMOUNT = /^(\d{1,9})(?:\.(\d{1,2}))?$/;
export const MAX_PURCHASE_AMOUNT = '999999999.99';
export const MAX_PURCHASE_MINOR_UNITS = 99_999_999_999;

export const CURRENCY_CODE = /^[A-Z]{3}$/;

export class InvalidAmountError extends Error {}

export function parseAmountToMinorUnits(amount: string): number {
  // No trimming: " 5" is not what the API documents (the import trims its CSV fields itself).
  const match = DECIMAL_AMOUNT.exec(amount);
  if (!match) {
    throw new InvalidAmountError(`amount must be a positive decimal with at most 2 decimals and at most ${MAX_PURCHASE_AMOUNT}, like "19.99" (got "${amount.slice(0, 40)}")`);
  }
  const minor = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (minor <= 0) throw new InvalidAmountError(`amount must be greater than 0 (got "${amount}")`);
  return minor;
}

/**
 * Integer minor units as a decimal string of the currency: 1999 → "19.99", -250 → "-2.50".
 * Exact for any size: takes a bigint, a safe integer or a decimal string of minor units
 * (as read models store sums).
 */
export function formatMinorUnits(minor: bigint | number | string): string {
  const value = toMinorUnits(minor);
  const sign = value < 0n ? '-' : '';
  const digits = (value < 0n ? -value : value).toString().padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const DECIMAL_SUM = /^(-?)(\d+)\.(\d{2})$/;

/** The inverse of formatMinorUnits: "12345678901234.56" → 1234567890123456n (exactly 2 decimals, any size). */
export function parseDecimalToMinorUnits(text: string): bigint {
  const match = DECIMAL_SUM.exec(text);
  if (!match) throw new InvalidAmountError(`expected a decimal with exactly 2 decimals, like "19.99" (got "${text.slice(0, 40)}")`);
  const value = BigInt(match[2]! + match[3]!);
  return match[1] === '-' ? -value : value;
}

/**
 * A stored sum of minor units as a bigint: a bigint, an integer number (documents written before
 * sums were strings, and events' amounts) or a decimal string of minor units.
 */
export function toMinorUnits(minor: bigint | number | string): bigint {
  if (typeof minor === 'bigint') return minor;
  if (typeof minor === 'number' && !Number.isSafeInteger(minor)) throw new RangeError(`minor units must be a safe integer (got ${minor})`);
  return BigInt(minor);
}

/**
 * Digits of a sortable sum: no store can hold a larger one (global positions are safe integers, so
 * at most 2^53 purchases of MAX_PURCHASE_MINOR_UNITS: under 10^27 minor units).
 */
export const SORTABLE_MINOR_UNITS_DIGITS = 30;

/**
 * A non-negative sum of minor units as a fixed-width, zero-padded decimal string: text order is
 * numeric order, so both read stores index, sort and range-filter it exactly. BigInt() and
 * Number() read it back as is.
 */
export function sortableMinorUnits(minor: bigint | number | string): string {
  const value = toMinorUnits(minor);
  if (value < 0n) throw new RangeError(`a sortable sum of minor units cannot be negative (got ${value})`);
  const digits = value.toString();
  if (digits.length > SORTABLE_MINOR_UNITS_DIGITS) throw new RangeError(`a sum of minor units over ${SORTABLE_MINOR_UNITS_DIGITS} digits (got ${digits.length})`);
  return digits.padStart(SORTABLE_MINOR_UNITS_DIGITS, '0');
}
