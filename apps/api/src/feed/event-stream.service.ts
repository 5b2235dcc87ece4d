import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Request, Response } from 'express';
import { once } from 'node:events';
import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import { EVENT_STORE, type EventStore, type EventSubscription, type RecordedEvent } from '@lifeline/event-store/port';
import { toCloudEvent } from '@lifeline/publishing/cloudevents';
import { FeedCapacity } from './feed-capacity';

export const EVENT_STREAM_CONTENT_TYPE = 'text/event-stream';
/** Proxies commonly drop connections idle for 30–60 s; a comment line keeps them open. */
export const HEARTBEAT_INTERVAL_MS = 15_000;
/**
 * Live events written between two turns of the event loop. The subscription hands out a buffered
 * page through promises that resolve as microtasks, so without this a burst of new events would
 * hold the loop (and every other request, /health included).
 */
export const EVENTS_PER_TURN = 100;
/** Events per page of history: read, encoded and written in one turn (FeedCapacity.turn). */
export const REPLAY_PAGE = 100;
/** How long a browser's EventSource waits before reconnecting (it then sends Last-Event-ID). */
const RECONNECT_MS = 2_000;

/**
 * Server-Sent Events of customer events: catch-up from a position, then live. Each event's
 * `id` is its global position, so a reconnecting client resumes exactly where it stopped.
 *
 * The history is paged through the log (REPLAY_PAGE events per fair turn of the event loop,
 * waiting for 'drain' when the client reads slower than we write), by at most
 * LIFELINE_FEED_MAX_REPLAYS streams at once; a page shorter than REPLAY_PAGE means caught up,
 * and the stream follows the log from there with a subscription.
 */
@Injectable()
export class EventStreamService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('feed');
  private readonly open = new Set<{ ended: AbortController; subscription?: EventSubscription }>();

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly capacity: FeedCapacity,
  ) {}

  /** Streams until the client disconnects or the app shuts down; resolves when the stream ended. */
  async stream(request: Request, response: Response, after: number): Promise<void> {
    // Refused (503, Retry-After) before any event-stream header is sent.
    const releaseStream = this.capacity.openStream();
    response.status(200).set({
      'Content-Type': `${EVENT_STREAM_CONTENT_TYPE}; charset=utf-8`,
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no', // nginx would otherwise hold events back in its buffer
    });
    response.flushHeaders();
    response.write(`retry: ${RECONNECT_MS}\n\n`);

    const entry: { ended: AbortController; subscription?: EventSubscription } = { ended: new AbortController() };
    this.open.add(entry);
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_INTERVAL_MS);
    const end = () => {
      entry.ended.abort();
      void entry.subscription?.close();
    };
    request.on('close', end);
    try {
      const caughtUpAt = await this.replay(response, after, entry.ended.signal);
      if (caughtUpAt === undefined || entry.ended.signal.aborted || response.destroyed) return;
      await this.follow(response, caughtUpAt, entry);
    } catch (error) {
      this.logger.error(`event stream after ${after} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearInterval(heartbeat);
      request.off('close', end);
      this.open.delete(entry);
      await entry.subscription?.close();
      releaseStream();
      response.end();
    }
  }

  /** Sends the history after `after` page by page; resolves to the position it caught up at, or undefined if the stream ended first. */
  private async replay(response: Response, after: number, ended: AbortSignal): Promise<number | undefined> {
    const releaseSlot = await this.capacity.replaySlot(ended);
    if (releaseSlot === undefined) return undefined;
    try {
      let position = after;
      for (;;) {
        await this.capacity.turn();
        if (ended.aborted || response.destroyed) return undefined;
        const page = await this.eventStore.readAll({ after: position, maxCount: REPLAY_PAGE, streamPrefix: CUSTOMER_STREAM_PREFIX });
        if (page.length > 0) {
          position = page[page.length - 1]!.position;
          // A slow client must not make the server buffer the whole log in memory.
          if (!response.write(page.map(message).join(''))) await drainedOrClosed(response);
        }
        if (page.length < REPLAY_PAGE) return position;
      }
    } finally {
      releaseSlot();
    }
  }

  /** Live: every customer event after `position` as it is written. */
  private async follow(response: Response, position: number, entry: { ended: AbortController; subscription?: EventSubscription }): Promise<void> {
    const subscription = this.eventStore.subscribeToAll({ after: position, streamPrefix: CUSTOMER_STREAM_PREFIX });
    entry.subscription = subscription;
    if (entry.ended.signal.aborted) return;
    let sinceTurn = 0;
    for await (const event of subscription) {
      if (response.destroyed) break;
      if (++sinceTurn >= EVENTS_PER_TURN) {
        sinceTurn = 0;
        await this.capacity.turn();
        if (response.destroyed) break;
      }
      if (!response.write(message(event))) await drainedOrClosed(response);
    }
  }

  /** Ends open streams before the stores close; clients reconnect with Last-Event-ID. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const entry of this.open) entry.ended.abort();
    await Promise.all([...this.open].map(({ subscription }) => subscription?.close()));
  }
}

function message(event: RecordedEvent): string {
  const cloudEvent = toCloudEvent(event);
  return `id: ${event.position}\nevent: ${cloudEvent.type}\ndata: ${JSON.stringify(cloudEvent)}\n\n`;
}

/**
 * Waits for the socket to drain or close, then removes both listeners: a slow client makes
 * this wait many times on one response, and the losing listener must not pile up.
 */
async function drainedOrClosed(response: Response): Promise<void> {
  const settled = new AbortController();
  const wait = (event: string) => once(response, event, { signal: settled.signal }).catch(() => undefined);
  await Promise.race([wait('drain'), wait('close')]);
  settled.abort();
}
