/**
 * Money crosses the API as a decimal string ("19.99") and lives in events as integer
 * minor units, so that sums are exact. Only 2-decimal currencies are supported.
 *
 * One purchase is at most MAX_PURCHASE_AMOUNT. Sums are integers of minor units, exact while
 * below 2^53 (Number.MAX_SAFE_INTEGER, about 90 trillion in major units): over 90,000 purchases
 * of the maximum for one customer's total.
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

export function formatMinorUnits(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
