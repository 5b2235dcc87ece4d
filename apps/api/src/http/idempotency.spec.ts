import type { Request } from 'express';
import { idempotencyKeyOf, requestHashOf } from './idempotency';
import { RequestValidationError } from './problem-details';

describe('requestHashOf: a retry is "the same body" whatever the order of its keys', () => {
  it('hashes the same fields in any order alike, also inside nested objects', () => {
    const first = { name: 'Ada', acquisitionChannel: 'web', address: { city: 'Oslo', country: 'NO', street: 'Storgata 1' } };
    const reordered = { address: { street: 'Storgata 1', country: 'NO', city: 'Oslo' }, acquisitionChannel: 'web', name: 'Ada' };
    expect(requestHashOf(reordered)).toBe(requestHashOf(first));
  });

  it('tells another value, another field and a list from an object with numbered keys apart', () => {
    const body = { channel: 'phone', direction: 'inbound' };
    expect(requestHashOf({ ...body, direction: 'outbound' })).not.toBe(requestHashOf(body));
    expect(requestHashOf({ ...body, topic: 'billing' })).not.toBe(requestHashOf(body));
    expect(requestHashOf({ tags: ['a', 'b'] })).not.toBe(requestHashOf({ tags: { 0: 'a', 1: 'b' } }));
    expect(requestHashOf({ tags: ['a', 'b'] })).not.toBe(requestHashOf({ tags: ['b', 'a'] }));
  });

  it('reads no body as an empty one', () => {
    expect(requestHashOf(undefined)).toBe(requestHashOf({}));
  });
});

describe('idempotencyKeyOf', () => {
  const withKey = (key: string | undefined) => ({ header: (name: string) => (name === 'Idempotency-Key' ? key : undefined) }) as unknown as Request;

  it('takes 1 to 255 visible ASCII characters and refuses anything else by name', () => {
    expect(idempotencyKeyOf(withKey(undefined))).toBeUndefined();
    expect(idempotencyKeyOf(withKey('order-2024-0001'))).toBe('order-2024-0001');
    for (const bad of ['', 'with space', 'x'.repeat(256), 'clé']) {
      expect(() => idempotencyKeyOf(withKey(bad))).toThrow(RequestValidationError);
      expect(() => idempotencyKeyOf(withKey(bad))).toThrow('Idempotency-Key: must be 1 to 255 visible ASCII characters');
    }
  });
});
