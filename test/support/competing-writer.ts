import type { EventStore } from '@lifeline/event-store/port';
import { randomUUID } from 'node:crypto';

/**
 * Another writer that gets to the customer's stream first on every append of the API: each
 * append of ours finds a newer revision than it decided on. Real writes, on the real store.
 */
export function competingWriterOn(eventStore: EventStore): { rivalWrites: () => number; stop: () => void } {
  const append = eventStore.appendToStream.bind(eventStore);
  let rivals = 0;
  const spy = jest.spyOn(eventStore, 'appendToStream').mockImplementation(async (streamId, events, options) => {
    const customerId = streamId.replace(/^customer-/, '');
    rivals++;
    const rival = { eventId: randomUUID(), type: 'CustomerContacted', schemaVersion: 1, occurredAt: new Date().toISOString(), metadata: {} };
    await append(streamId, [{ ...rival, data: { customerId, contactId: `rival-${rivals}`, channel: 'email', direction: 'outbound', topic: 'rival' } }], { expectedRevision: 'any' });
    return append(streamId, events, options);
  });
  return { rivalWrites: () => rivals, stop: () => spy.mockRestore() };
}
