import type { CustomerEvent } from '@lifeline/customers/domain';
import type { DocumentProjection } from '@lifeline/projections/runtime';
import { foldProjection, foldProjectionInBatches } from './fold-projection';
import { projectedStream } from './projected-events';

const purchases = projectedStream(
  [1, 2, 3].map(
    (n): CustomerEvent => ({
      type: 'PurchaseRecorded',
      schemaVersion: 1,
      occurredAt: `2024-01-0${n}T00:00:00.000Z`,
      data: { customerId: 'c-1', orderId: `o-${n}`, amount: n * 100, currency: 'EUR' },
    }),
  ),
);

const counting = (evolve: DocumentProjection<{ total: number; at?: unknown }>['evolve']): DocumentProjection<{ total: number; at?: unknown }> => ({
  name: 'test',
  version: 1,
  indexes: [],
  keysOf: (event) => [event.data.customerId],
  evolve,
});

describe('foldProjection / foldProjectionInBatches', () => {
  it('fold the events of each key into its document', () => {
    const sum = counting((doc, event) => ({ total: (doc?.total ?? 0) + (event.type === 'PurchaseRecorded' ? event.data.amount : 0) }));
    expect(foldProjection(sum, purchases)).toStrictEqual(new Map([['c-1', { total: 600 }]]));
    expect(foldProjectionInBatches(sum, purchases, [1, 2])).toStrictEqual(new Map([['c-1', { total: 600 }]]));
  });

  it('catch a projection that mutates the document it is given', () => {
    const mutating = counting((doc, event) => {
      if (doc === undefined) return { total: 0 };
      doc.total += event.type === 'PurchaseRecorded' ? event.data.amount : 0;
      return doc;
    });
    expect(() => foldProjection(mutating, purchases)).toThrow(TypeError);
  });

  it('catch a document that does not survive the read store (a Date becomes a string)', () => {
    const withDate = counting((doc, event) => ({ total: (doc?.total ?? 0) + 1, at: new Date(event.occurredAt) }));
    expect(foldProjectionInBatches(withDate, purchases, [1])).not.toStrictEqual(foldProjection(withDate, purchases));
  });

  it('a projection returning undefined deletes the document', () => {
    const deleting = counting((doc) => (doc === undefined ? { total: 1 } : undefined));
    expect(foldProjection(deleting, purchases.slice(0, 2)).size).toBe(0);
  });
});
