import { fmtAmount } from '../src/ui/format';

const digits = (text: string) => text.replace(/\D/g, '');

describe('fmtAmount (exact sums as the API answers them)', () => {
  it('shows every digit of a sum past 2^53 minor units, which a number would round', () => {
    expect(digits(fmtAmount('90071992547409.93', 'EUR'))).toBe('9007199254740993');
    expect(digits(fmtAmount('12345678901234567.89', 'EUR'))).toBe('1234567890123456789');
  });

  it('rounds to whole units for totals, and says when there is no currency yet', () => {
    expect(digits(fmtAmount('1234.56', 'EUR', true))).toBe('1235');
    expect(fmtAmount('0.00', null)).toMatch(/\(no currency yet\)$/);
    expect(fmtAmount(null, 'EUR')).toBe('–');
  });
});
