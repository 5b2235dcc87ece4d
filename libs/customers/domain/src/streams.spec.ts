import { CUSTOMER_ID_PATTERN, CUSTOMER_STREAM_PREFIX, customerIdFromStream, customerStreamId } from './streams';

describe('customer streams', () => {
  it('one stream per customer, under the prefix subscriptions filter on, and back', () => {
    expect(CUSTOMER_STREAM_PREFIX).toBe('customer-');
    expect(customerStreamId('c-42')).toBe('customer-c-42');
    expect(customerIdFromStream('customer-c-42')).toBe('c-42');
    expect(customerIdFromStream('operator-notes')).toBeUndefined();
    expect(customerIdFromStream('x-customer-c-42')).toBeUndefined();
  });

  it.each(['c-1', 'A.b_c-9', 'x'.repeat(64)])('takes %p as a customer id', (id) => expect(CUSTOMER_ID_PATTERN.test(id)).toBe(true));
  it.each(['', 'x'.repeat(65), 'a b', 'a/b', ' c-1', 'c-1 ', 'ü'])('refuses %p as a customer id', (id) => expect(CUSTOMER_ID_PATTERN.test(id)).toBe(false));
});
