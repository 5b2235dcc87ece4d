import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { eventIdFor } from './event-ids';

describe('derived event ids', () => {
  it('are the RFC version 5 ids the uuid package derives, as before (re-runs of earlier imports stay recognised)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.constantFrom('RecordPurchase', 'AcquireCustomer'), fc.string(), fc.nat(3), (key, commandType, stream, index) => {
        const streamId = `customer-${stream}`;
        const expected = uuidv5(`${key}\n${commandType}\n${streamId}\n${index}`, '3f1b7c2e-5a0d-4e8b-9c61-2d7f4a9e0b35');
        expect(eventIdFor(index, { idempotencyKey: key, commandType, streamId })).toBe(expected);
      }),
    );
    expect(eventIdFor(0, { idempotencyKey: 'import:imp-a-20240105-1', commandType: 'RecordPurchase', streamId: 'customer-a' })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
