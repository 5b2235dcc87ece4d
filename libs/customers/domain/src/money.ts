/**
 * Money crosses the API as a decimal string ("19.99") and lives in events as integer
 * minor units, so that sums are exact. Only 2-decimal currencies are supported.
 */
const DECIMAL_AMOUNT = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

export const CURRENCY_CODE = /^[A-Z]{3}$/;

export class InvalidAmountError extends Error {}

export function parseAmountToMinorUnits(amount: string): number {
  const match = DECIMAL_AMOUNT.exec(amount.trim());
  if (!match) {
    throw new InvalidAmountError(`amount must be a positive decimal with at most 2 decimals, like "19.99" (got "${amount}")`);
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
