import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Request, Response } from 'express';
import { once } from 'node:events';
import { setImmediate } from 'node:timers/promises';
import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import { EVENT_STORE, type EventStore, type EventSubscription } from '@lifeline/event-store/port';
import { toCloudEvent } from '@lifeline/publishing/cloudevents';

export const EVENT_STREAM_CONTENT_TYPE = 'text/event-stream';
/** Proxies commonly drop connections idle for 30–60 s; a comment line keeps them open. */
export const HEARTBEAT_INTERVAL_MS = 15_000;
/**
 * Events written between two turns of the event loop. The subscription hands out a buffered
 * page through promises that resolve as microtasks, so without this a replay from 0 to a fast
 * client would hold the loop (and every other request, /health included) for the whole log.
 */
export const EVENTS_PER_TURN = 100;
/** How long a browser's EventSource waits before reconnecting (it then sends Last-Event-ID). */
const RECONNECT_MS = 2_000;

/**
 * Server-Sent Events of customer events: catch-up from a position, then live. Each event's
 * `id` is its global position, so a reconnecting client resumes exactly where it stopped.
 */
@Injectable()
export class EventStreamService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('feed');
  private readonly open = new Set<{ subscription: EventSubscription; response: Response }>();

  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  /** Streams until the client disconnects or the app shuts down; resolves when the stream ended. */
  async stream(request: Request, response: Response, after: number): Promise<void> {
    response.status(200).set({
      'Content-Type': `${EVENT_STREAM_CONTENT_TYPE}; charset=utf-8`,
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no', // nginx would otherwise hold events back in its buffer
    });
    response.flushHeaders();
    response.write(`retry: ${RECONNECT_MS}\n\n`);

    const subscription = this.eventStore.subscribeToAll({ after, streamPrefix: CUSTOMER_STREAM_PREFIX });
    const entry = { subscription, response };
    this.open.add(entry);
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_INTERVAL_MS);
    const closeSubscription = () => void subscription.close();
    request.on('close', closeSubscription);
    let sinceTurn = 0;
    try {
      for await (const event of subscription) {
        if (response.destroyed) break;
        if (++sinceTurn >= EVENTS_PER_TURN) {
          sinceTurn = 0;
          await setImmediate();
          if (response.destroyed) break;
        }
        const cloudEvent = toCloudEvent(event);
        const written = response.write(`id: ${event.position}\nevent: ${cloudEvent.type}\ndata: ${JSON.stringify(cloudEvent)}\n\n`);
        // A slow client must not make the server buffer the whole log in memory.
        if (!written) await drainedOrClosed(response);
      }
    } catch (error) {
      this.logger.error(`event stream after ${after} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearInterval(heartbeat);
      request.off('close', closeSubscription);
      this.open.delete(entry);
      await subscription.close();
      response.end();
    }
  }

  /** Ends open streams before the stores close; clients reconnect with Last-Event-ID. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.open].map(({ subscription }) => subscription.close()));
  }
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
