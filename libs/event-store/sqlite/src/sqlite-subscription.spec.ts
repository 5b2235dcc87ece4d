import { EventEmitter } from 'node:events';
import type { RecordedEvent } from '@lifeline/event-store/port';
import { SqliteSubscription } from './sqlite-subscription';

/** A log in memory behind the subscription's readPage, counting the reads. */
function memoryLog() {
  const events: RecordedEvent[] = [];
  const appended = new EventEmitter();
  let reads = 0;
  const event = (position: number): RecordedEvent =>
    ({ position, streamId: 'customer-a', revision: position - 1, eventId: `e-${position}`, type: 'CustomerContacted', schemaVersion: 1, occurredAt: '2025-01-01T00:00:00.000Z', recordedAt: '2025-01-01T00:00:00.000Z', data: {}, metadata: {} }) as unknown as RecordedEvent;
  return {
    appended,
    get reads() {
      return reads;
    },
    append() {
      events.push(event(events.length + 1));
      appended.emit('appended');
    },
    readPage: (after: number) => {
      reads++;
      return { events: events.filter((e) => e.position > after).slice(0, 500), head: events.length };
    },
  };
}

describe('SqliteSubscription, live', () => {
  it('reads appends that arrive within the live read interval together, and delivers every one in order', async () => {
    const log = memoryLog();
    const subscription = new SqliteSubscription({ after: 0, pollIntervalMs: 10_000, liveReadIntervalMs: 20, readPage: log.readPage, pageSize: 500, appended: log.appended, onClose: () => undefined });
    const seen: number[] = [];
    const reading = (async () => {
      for await (const event of subscription) {
        seen.push(event.position);
        if (seen.length === 200) break;
      }
    })();
    // 200 appends, one per macrotask, as a loaded API makes them: about one read per interval, not one per append.
    for (let i = 0; i < 200; i++) {
      log.append();
      await new Promise((done) => setImmediate(done));
    }
    await reading;
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(log.reads).toBeLessThan(50);
  });

  it('reads an append at once when the last read is longer ago than the interval', async () => {
    const log = memoryLog();
    const subscription = new SqliteSubscription({ after: 0, pollIntervalMs: 60_000, liveReadIntervalMs: 300, readPage: log.readPage, pageSize: 500, appended: log.appended, onClose: () => undefined });
    const iterator = subscription[Symbol.asyncIterator]();
    const first = iterator.next();
    await new Promise((done) => setTimeout(done, 350));
    const appendedAt = performance.now();
    log.append();
    expect((await first).value.position).toBe(1);
    expect(performance.now() - appendedAt).toBeLessThan(250); // not held back for another interval
    await subscription.close();
  });
});
