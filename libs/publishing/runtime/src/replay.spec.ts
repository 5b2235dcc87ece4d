import type { ReadAllOptions, RecordedEvent } from '@lifeline/event-store/port';
import { replayEvents } from './replay';

function recorded(position: number, streamId = `customer-c-${position}`): RecordedEvent {
  return {
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type: 'CustomerContacted',
    schemaVersion: 1,
    occurredAt: '2024-01-01T00:00:00.000Z',
    data: {},
    metadata: {},
    streamId,
    revision: 0,
    position,
    recordedAt: '2024-01-01T00:00:01.000Z',
  };
}

/** The store's readAll semantics over a list: after, maxCount, stream prefix. */
function storeOf(log: RecordedEvent[]) {
  return {
    readAll: jest.fn(async ({ after = 0, maxCount = Infinity, streamPrefix = '' }: ReadAllOptions = {}) =>
      log.filter((e) => e.position > after && e.streamId.startsWith(streamPrefix)).slice(0, maxCount),
    ),
    headPosition: jest.fn(async () => log.at(-1)?.position ?? 0),
  };
}

function recordingPublisher() {
  const batches: number[][] = [];
  return { batches, publishEvents: jest.fn(async (events: readonly RecordedEvent[]) => void batches.push(events.map((e) => e.position))) };
}

const log = [1, 2, 3, 4, 5, 6, 7, 8].map((p) => recorded(p)).concat(recorded(9, 'operator-notes'), recorded(10));

describe('replayEvents', () => {
  it('re-sends exactly the customer events after --from, up to the head, in order and in batches', async () => {
    const publisher = recordingPublisher();
    const progress: [number, number][] = [];
    const result = await replayEvents(storeOf(log), publisher, { from: 3, batchSize: 3, onProgress: (n, at) => progress.push([n, at]) });
    expect(publisher.batches).toEqual([[4, 5, 6], [7, 8, 10]]);
    expect(progress).toEqual([[3, 6], [6, 10]]);
    expect(result).toEqual({ published: 6, lastPosition: 10, to: 10, interrupted: false });
  });

  it('stops at --to (inclusive)', async () => {
    const publisher = recordingPublisher();
    const result = await replayEvents(storeOf(log), publisher, { from: 0, to: 5, batchSize: 4 });
    expect(publisher.batches).toEqual([[1, 2, 3, 4], [5]]);
    expect(result).toMatchObject({ published: 5, lastPosition: 5, to: 5 });
  });

  it('sends nothing when there is nothing after --from', async () => {
    const publisher = recordingPublisher();
    await expect(replayEvents(storeOf(log), publisher, { from: 10 })).resolves.toMatchObject({ published: 0, lastPosition: 10 });
    expect(publisher.publishEvents).not.toHaveBeenCalled();
  });

  it('stops after the batch in flight when aborted, saying where it got to', async () => {
    const stop = new AbortController();
    const publisher = recordingPublisher();
    const result = await replayEvents(storeOf(log), publisher, { from: 0, batchSize: 2, signal: stop.signal, onProgress: (n) => n >= 4 && stop.abort() });
    expect(publisher.batches).toEqual([[1, 2], [3, 4]]);
    expect(result).toEqual({ published: 4, lastPosition: 4, to: 10, interrupted: true });
  });

  it('fails with what the broker said, having sent nothing it did not acknowledge', async () => {
    const publisher = recordingPublisher();
    publisher.publishEvents.mockRejectedValueOnce(new Error('broker down'));
    await expect(replayEvents(storeOf(log), publisher, { from: 0 })).rejects.toThrow('broker down');
  });

  it('refuses --to before --from', async () => {
    await expect(replayEvents(storeOf(log), recordingPublisher(), { from: 5, to: 2 })).rejects.toThrow('--to (2) must not be before --from (5)');
  });
});
