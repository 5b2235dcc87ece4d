import fc from 'fast-check';
import {
  CURRENCY_CODE,
  formatMinorUnits,
  InvalidAmountError,
  MAX_PURCHASE_AMOUNT,
  MAX_PURCHASE_MINOR_UNITS,
  parseAmountToMinorUnits,
  parseDecimalToMinorUnits,
  sortableMinorUnits,
  SORTABLE_MINOR_UNITS_DIGITS,
} from './money';

describe('money', () => {
  it.each([
    ['19.99', 1999],
    ['19.9', 1990],
    ['19', 1900],
    ['0.01', 1],
    ['7.50', 750],
    ['999999999.99', 99999999999],
  ])('parses %p to %p minor units', (text, minor) => {
    expect(parseAmountToMinorUnits(text)).toBe(minor);
  });

  it.each(['0', '0.00', '-1', '1.999', 'abc', '', '1e3', '1,50', '.5', ' 5', '5 ', '1000000000', '1234567890123.45', '\u0661'])('refuses %p', (text) => {
    expect(() => parseAmountToMinorUnits(text)).toThrow(InvalidAmountError);
  });

  it('says what is wrong with a refused amount', () => {
    expect(() => parseAmountToMinorUnits('abc')).toThrow(`amount must be a positive decimal with at most 2 decimals and at most ${MAX_PURCHASE_AMOUNT}, like "19.99" (got "abc")`);
    expect(() => parseAmountToMinorUnits('0.00')).toThrow('amount must be greater than 0 (got "0.00")');
  });

  it('quotes at most 40 characters of what it refused (a huge input is not echoed back)', () => {
    const long = '1'.repeat(100);
    expect(() => parseAmountToMinorUnits(long)).toThrow(`(got "${'1'.repeat(40)}")`);
    expect(() => parseDecimalToMinorUnits(`${long}.5`)).toThrow(`expected a decimal with exactly 2 decimals, like "19.99" (got "${'1'.repeat(40)}")`);
  });

  it.each(['EUR', 'USD'])('takes %p as a currency code', (code) => expect(CURRENCY_CODE.test(code)).toBe(true));
  it.each(['EURO', 'xEUR', 'eur', 'EU'])('refuses %p as a currency code', (code) => expect(CURRENCY_CODE.test(code)).toBe(false));

  it('formats minor units back to a decimal string', () => {
    expect(formatMinorUnits(0)).toBe('0.00');
    expect(formatMinorUnits(1999)).toBe('19.99');
    expect(formatMinorUnits(5)).toBe('0.05');
    expect(formatMinorUnits(-250)).toBe('-2.50');
  });

  it('formats sums past 2^53 minor units exactly, from a bigint or a stored decimal string', () => {
    expect(formatMinorUnits(2n ** 53n + 1n)).toBe('90071992547409.93');
    expect(formatMinorUnits('9007199254740993')).toBe('90071992547409.93');
    expect(formatMinorUnits('000000000000000000000000001999')).toBe('19.99');
    expect(() => formatMinorUnits(2 ** 53)).toThrow(RangeError); // a number that far may already be rounded
  });

  it('the largest purchase is a safe integer of minor units', () => {
    expect(parseAmountToMinorUnits(MAX_PURCHASE_AMOUNT)).toBe(MAX_PURCHASE_MINOR_UNITS);
    expect(Number.isSafeInteger(MAX_PURCHASE_MINOR_UNITS)).toBe(true);
  });

  const minorUnits = fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n });

  it('formats any sum of minor units to a decimal string that parses back to it (property)', () => {
    fc.assert(
      fc.property(minorUnits, (minor) => {
        const text = formatMinorUnits(minor);
        expect(text).toMatch(/^-?(0|[1-9]\d*)\.\d{2}$/);
        expect(parseDecimalToMinorUnits(text)).toBe(minor);
      }),
    );
  });

  it('parses any purchase amount the API takes to what formats back to the same value (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_PURCHASE_MINOR_UNITS }), (minor) => {
        const text = formatMinorUnits(minor);
        expect(parseAmountToMinorUnits(text)).toBe(minor);
        expect(parseDecimalToMinorUnits(text)).toBe(BigInt(minor));
      }),
    );
  });

  it('orders sortable sums as text exactly as the numbers (property)', () => {
    const sum = fc.bigInt({ min: 0n, max: 10n ** BigInt(SORTABLE_MINOR_UNITS_DIGITS) - 1n });
    fc.assert(
      fc.property(sum, sum, (a, b) => {
        const [ka, kb] = [sortableMinorUnits(a), sortableMinorUnits(b)];
        expect(ka).toHaveLength(SORTABLE_MINOR_UNITS_DIGITS);
        expect(Math.sign(ka < kb ? -1 : ka > kb ? 1 : 0)).toBe(a < b ? -1 : a > b ? 1 : 0);
        expect(BigInt(ka)).toBe(a);
      }),
    );
  });

  it('refuses a sortable key it cannot order: negative or wider than its digits', () => {
    expect(() => sortableMinorUnits(-1n)).toThrow(RangeError);
    expect(() => sortableMinorUnits(10n ** BigInt(SORTABLE_MINOR_UNITS_DIGITS))).toThrow(RangeError);
  });

  it('says why a sum of minor units is refused', () => {
    expect(() => formatMinorUnits(2 ** 53)).toThrow('minor units must be a safe integer (got 9007199254740992)');
    expect(() => sortableMinorUnits(-1n)).toThrow('a sortable sum of minor units cannot be negative (got -1)');
    expect(() => sortableMinorUnits(10n ** 30n)).toThrow('a sum of minor units over 30 digits (got 31)');
  });

  it.each(['19.9', '19', '1e3', '--1.00', '', ' 1.00'])('parseDecimalToMinorUnits refuses %p', (text) => {
    expect(() => parseDecimalToMinorUnits(text)).toThrow(InvalidAmountError);
  });
});
