import { CURRENCY_CODE, formatMinorUnits, InvalidAmountError, MAX_PURCHASE_AMOUNT, parseAmountToMinorUnits } from './money';

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

  it.each(['EUR', 'USD'])('takes %p as a currency code', (code) => expect(CURRENCY_CODE.test(code)).toBe(true));
  it.each(['EURO', 'xEUR', 'eur', 'EU'])('refuses %p as a currency code', (code) => expect(CURRENCY_CODE.test(code)).toBe(false));

  it('formats minor units back to a decimal string', () => {
    expect(formatMinorUnits(0)).toBe('0.00');
    expect(formatMinorUnits(1999)).toBe('19.99');
    expect(formatMinorUnits(5)).toBe('0.05');
    expect(formatMinorUnits(-250)).toBe('-2.50');
  });
});
