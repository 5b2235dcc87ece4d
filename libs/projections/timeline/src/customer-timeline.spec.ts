import fc from 'fast-check';
import type { CustomerEvent } from '@lifeline/customers/domain';
import { customerHistoryArbitrary, foldProjection, foldProjectionInBatches, projected } from '@lifeline/projections/testing';
import { customerTimelineProjection as projection, summarize, timelineEntryId, timelineSortKey } from './customer-timeline';

const at = '2024-03-05T14:30:00.000Z';
const ev = <E extends CustomerEvent>(type: E['type'], data: E['data']): CustomerEvent => ({ type, schemaVersion: 1, occurredAt: at, data }) as CustomerEvent;

describe('customer timeline projection', () => {
  it('turns an event into one entry keyed by customer and revision, with its summary, data and sort key', () => {
    const event = projected(
      ev('PurchaseRecorded', { customerId: 'c-1', orderId: 'o-17', amount: 1999, currency: 'EUR' }),
      { revision: 4, position: 1234 },
    );
    expect(projection.keysOf(event)).toEqual(['c-1:r0000000000000004']);
    expect(projection.evolve(undefined, event, 'c-1:r0000000000000004')).toStrictEqual({
      customerId: 'c-1',
      eventId: '00000000-0000-4000-8000-000000001234',
      type: 'PurchaseRecorded',
      occurredAt: at,
      position: 1234,
      revision: 4,
      summary: 'Purchase of 19.99 EUR (order o-17)',
      details: { customerId: 'c-1', orderId: 'o-17', amount: 1999, currency: 'EUR' },
      sortKey: '2024-03-05T14:30:00.000Z|0000000000001234',
    });
  });

  it.each<[string, CustomerEvent]>([
    [
      'Acquired via web: Acme GmbH (key account, segment mid_market)',
      ev('CustomerAcquired', { customerId: 'c-1', name: 'Acme GmbH', segment: 'mid_market', acquisitionChannel: 'web', keyAccount: true }),
    ],
    ['Acquired via referral: Globex', ev('CustomerAcquired', { customerId: 'c-1', name: 'Globex', acquisitionChannel: 'referral', keyAccount: false })],
    [
      'Contacted by phone (inbound): invoice question',
      ev('CustomerContacted', { customerId: 'c-1', contactId: 'ct-1', channel: 'phone', direction: 'inbound', topic: 'invoice question' }),
    ],
    [
      'Contacted in person (outbound): renewal',
      ev('CustomerContacted', { customerId: 'c-1', contactId: 'ct-2', channel: 'in_person', direction: 'outbound', topic: 'renewal' }),
    ],
    [
      'Complaint c-3 filed: billing, high severity',
      ev('ComplaintFiled', { customerId: 'c-1', complaintId: 'c-3', category: 'billing', severity: 'high', channel: 'email', description: 'charged twice' }),
    ],
    [
      'Complaint c-3 resolved: refunded duplicate charge (satisfaction 4/5)',
      ev('ComplaintResolved', { customerId: 'c-1', complaintId: 'c-3', resolution: 'refunded duplicate charge', satisfaction: 4 }),
    ],
    ['Complaint c-4 resolved: replaced', ev('ComplaintResolved', { customerId: 'c-1', complaintId: 'c-4', resolution: 'replaced' })],
    ['Purchase of 0.05 EUR (order o-1)', ev('PurchaseRecorded', { customerId: 'c-1', orderId: 'o-1', amount: 5, currency: 'EUR' })],
    ['Churned: no need', ev('CustomerChurned', { customerId: 'c-1', reason: 'no_need' })],
    ['Reactivated via email', ev('CustomerReactivated', { customerId: 'c-1', channel: 'email' })],
    ['Reactivated', ev('CustomerReactivated', { customerId: 'c-1' })],
  ])('summarises as "%s"', (summary, event) => {
    expect(summarize(event)).toBe(summary);
  });

  it('orders by business time first, then by position, whatever the commit order', () => {
    const keys = [
      timelineSortKey('2024-03-05T14:30:00.000Z', 9),
      timelineSortKey('2024-03-05T14:30:00.000Z', 10),
      timelineSortKey('2024-01-01T00:00:00.000Z', 11), // reported late: sorts first
      timelineSortKey('2024-03-05T14:30:00.001Z', 2),
    ];
    expect([...keys].sort()).toEqual([keys[2], keys[0], keys[1], keys[3]]);
  });

  it('normalises business times given with an offset, so text order stays time order', () => {
    expect(timelineSortKey('2024-03-05T15:30:00+01:00', 7)).toBe('2024-03-05T14:30:00.000Z|0000000000000007');
  });

  it('an erasure rewrites every earlier entry of the customer without its personal values, as a rebuild after it writes them', () => {
    const acquired = projected(ev('CustomerAcquired', { customerId: 'c-1', name: 'Acme GmbH', email: 'a@acme.example', acquisitionChannel: 'web', keyAccount: false }), { revision: 0, position: 10 });
    const purchase = projected(ev('PurchaseRecorded', { customerId: 'c-1', orderId: 'o-1', amount: 100, currency: 'EUR' }), { revision: 1, position: 11 });
    const erased = projected(ev('CustomerErased', { customerId: 'c-1', complaintIds: [] }), { revision: 2, position: 12 });
    expect(projection.keysOf(erased)).toEqual([timelineEntryId('c-1', 0), timelineEntryId('c-1', 1), timelineEntryId('c-1', 2)]);
    expect(projection.rewritesEarlierDocuments!(erased)).toBe(true);
    expect(projection.rewritesEarlierDocuments!(purchase)).toBe(false);

    const incremental = foldProjection(projection, [acquired, purchase, erased]);
    // What a rebuild reads once the key is gone: the same events with their personal fields null.
    const readAfterErasure = projected(ev('CustomerAcquired', { customerId: 'c-1', name: null, email: null, acquisitionChannel: 'web', keyAccount: false } as never), { revision: 0, position: 10 });
    expect(incremental).toEqual(foldProjection(projection, [readAfterErasure, purchase, erased]));
    const entry = incremental.get(timelineEntryId('c-1', 0))!;
    expect(entry.summary).toBe('Acquired via web: [erased]');
    expect(entry.details).toMatchObject({ name: null, email: null });
    expect(JSON.stringify([...incremental.values()])).not.toContain('Acme');
    expect(incremental.get(timelineEntryId('c-1', 2))!.summary).toBe('Personal data erased (GDPR Art. 17)');
  });

  it('document ids sort by revision within a customer', () => {
    expect(timelineEntryId('c-1', 99) < timelineEntryId('c-1', 100)).toBe(true);
  });
});

describe('customer timeline projection properties', () => {
  it('has one entry per event, and folding in batches stored as JSON equals folding in one go', () => {
    fc.assert(
      fc.property(customerHistoryArbitrary(), fc.array(fc.nat({ max: 200 }), { maxLength: 6 }), (events, cuts) => {
        const entries = foldProjection(projection, events);
        expect(entries.size).toBe(events.length);
        expect(foldProjectionInBatches(projection, events, cuts)).toStrictEqual(entries);
      }),
      { numRuns: 100 },
    );
  });

  it('sorting a customer\'s entries by sortKey gives business-time order, ties broken by position', () => {
    fc.assert(
      fc.property(customerHistoryArbitrary(), (events) => {
        const entries = [...foldProjection(projection, events).values()].filter((e) => e.customerId === 'cust-0');
        const bySortKey = entries.sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1)).map((e) => e.position);
        const expected = events
          .filter((e) => e.data.customerId === 'cust-0')
          .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.position - b.position)
          .map((e) => e.position);
        expect(bySortKey).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
