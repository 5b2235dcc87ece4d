/** How numbers, money and dates read on the page (the browser's locale; dates in UTC like the API). */

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const intFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

type Maybe = number | null | undefined;

export const fmtInt = (n: Maybe): string => (n === null || n === undefined ? '–' : intFormat.format(n));
export const fmtNum = (n: Maybe): string => (n === null || n === undefined ? '–' : numberFormat.format(n));
export const fmtPct = (share: Maybe): string => (share === null || share === undefined ? '–' : `${numberFormat.format(share * 100)} %`);
export const fmtDate = (iso: string | null | undefined): string => (iso ? new Date(iso).toISOString().slice(0, 10) : '–');
export const fmtDateTime = (iso: string | null | undefined): string => (iso ? `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '–');

function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Amounts arrive in integer minor units of the currency (cents for EUR, yen for JPY). */
export function toMajor(minor: number, currency: string | null): number {
  return minor / 10 ** (currency ? minorDigits(currency) : 2);
}

/** Whole units, for totals. */
export function fmtMoney(minor: Maybe, currency: string | null): string {
  if (minor === null || minor === undefined) return '–';
  if (!currency) return `${numberFormat.format(toMajor(minor, null))} (no currency yet)`;
  return new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(toMajor(minor, currency));
}

/** With the currency's minor digits, for single amounts. */
export function fmtMoneyExact(minor: Maybe, currency: string | null): string {
  if (minor === null || minor === undefined) return '–';
  if (!currency) return numberFormat.format(toMajor(minor, null));
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(toMajor(minor, currency));
}

/**
 * An exact sum as the API answers it ("12345678901234.56", the `…Amount` fields), formatted from the
 * string itself: Intl.NumberFormat formats a decimal string without going through a double (ES2023
 * Intl; older engines read it as a number, which is what every amount was before). `whole` rounds
 * to whole units, for totals.
 */
export function fmtAmount(amount: string | null | undefined, currency: string | null, whole = false): string {
  if (amount === null || amount === undefined) return '–';
  const digits = whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {};
  const format = currency
    ? new Intl.NumberFormat(undefined, { style: 'currency', currency, ...digits })
    : new Intl.NumberFormat(undefined, { maximumFractionDigits: whole ? 0 : 2 });
  // The DOM lib types format() for numbers only; the decimal-string overload is ES2023.
  const text = (format.format as unknown as (value: string) => string)(amount);
  return currency ? text : `${text} (no currency yet)`;
}
