import { packAppends, serialiseEvents, unpackAppends } from './sqlite-event-writer';

describe('batches as they cross to the bulk writer thread', () => {
  const event = (id: string, data: Record<string, unknown>, metadata: Record<string, unknown>) => ({
    eventId: id,
    type: 'PurchaseRecorded',
    schemaVersion: 2,
    occurredAt: '2024-01-05T00:00:00.000Z',
    data,
    metadata,
  });

  it('unpack gives back every append as serialised on this side: stream, expected revision, events in order', () => {
    const shared = { actor: 'import', principal: 'system:import' };
    const appends = [
      { streamId: 'customer-a', expectedRevision: 'no_stream' as const, events: [event('0A6B2C1E-0000-4000-8000-000000000001', { amount: 1 }, shared), event('0a6b2c1e-0000-4000-8000-000000000002', { note: 'tab\there, NUL \u0000' }, shared)] },
      { streamId: 'customer-b', expectedRevision: 41, events: [event('0a6b2c1e-0000-4000-8000-000000000003', {}, { actor: 'other' })] },
      { streamId: 'customer-c', expectedRevision: 'any' as const, events: [event('0a6b2c1e-0000-4000-8000-000000000004', { n: [1, 2] }, shared)] },
    ];
    const unpacked = unpackAppends(packAppends(appends));
    expect(unpacked).toEqual(appends.map((a) => ({ streamId: a.streamId, expectedRevision: a.expectedRevision, events: serialiseEvents(a.events) })));
    expect(unpacked[0]!.events[0]!.eventId).toBe('0a6b2c1e-0000-4000-8000-000000000001'); // ids lower-cased, as stored
    expect(JSON.parse(unpacked[0]!.events[1]!.data)).toEqual({ note: 'tab\there, NUL \u0000' });
    expect(unpacked[1]!.events[0]!.metadata).toBe('{"actor":"other"}');
  });
});
