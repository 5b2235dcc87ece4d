import type { EventEmitter } from 'node:events';
import type { EventSubscription, RecordedEvent } from '@lifeline/event-store/port';

export interface SqliteSubscriptionOptions {
  /** Deliver events with position > after. */
  readonly after: number;
  /** One page of matching events after a position, and the head, read in one snapshot. */
  readonly readPage: (after: number) => { events: RecordedEvent[]; head: number };
  readonly pageSize: number;
  /** Emits 'appended' after every in-process commit: wakes the subscription at once. */
  readonly appended: EventEmitter;
  /** Appends by other processes on the same file are only seen by polling. */
  readonly pollIntervalMs: number;
  /**
   * Once caught up, the shortest time between two reads: appends within it are read together.
   * Under a write load every append woke every subscription (the API's projector has one per
   * read model) for a read of one event; now a read takes what arrived in the interval.
   */
  readonly liveReadIntervalMs: number;
  readonly onClose: (subscription: SqliteSubscription) => void;
}

/**
 * Catch-up then live, by position: pages through the log until a page comes back short,
 * then sleeps until an in-process append or the next poll. Positions are assigned under the
 * write lock in commit order, so "position > last seen" never skips or repeats an event.
 */
export class SqliteSubscription implements EventSubscription {
  private closed = false;
  /** Set by every wake-up, so an append that lands while we are not sleeping is not missed. */
  private dirty = false;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** A wake-up postponed to the end of the live read interval. */
  private coalescing: NodeJS.Timeout | undefined;
  private lastReadAt = Number.NEGATIVE_INFINITY;
  private iterating = false;
  private readonly onAppended = () => {
    this.dirty = true;
    this.wakeSoon();
  };

  constructor(private readonly options: SqliteSubscriptionOptions) {
    options.appended.on('appended', this.onAppended);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iterating) throw new Error('a subscription can be iterated only once; subscribe again for another reader');
    this.iterating = true;
    return this.events();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.options.appended.off('appended', this.onAppended);
    if (this.timer) clearTimeout(this.timer);
    if (this.coalescing) clearTimeout(this.coalescing);
    this.wake?.();
    this.options.onClose(this);
  }

  private async *events(): AsyncGenerator<RecordedEvent> {
    let position = this.options.after;
    try {
      while (!this.closed) {
        this.dirty = false;
        this.lastReadAt = performance.now();
        const { events, head } = this.options.readPage(position);
        for (const event of events) {
          if (this.closed) return;
          position = event.position;
          yield event;
        }
        if (events.length < this.options.pageSize) {
          // Caught up: everything up to head was seen or filtered out; don't rescan it.
          position = Math.max(position, head);
          await this.sleep();
        }
      }
    } finally {
      await this.close();
    }
  }

  /** Until an append (at the earliest one live read interval after the last read), the next poll, or close. */
  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      this.wake = () => {
        this.wake = undefined;
        if (this.timer) clearTimeout(this.timer);
        if (this.coalescing) clearTimeout(this.coalescing);
        this.timer = undefined;
        this.coalescing = undefined;
        resolve();
      };
      this.timer = setTimeout(() => this.wake?.(), this.options.pollIntervalMs);
      // Appended while the last page was being read or consumed.
      if (this.dirty) this.wakeSoon();
    });
  }

  private wakeSoon(): void {
    if (!this.wake) return;
    const wait = this.lastReadAt + this.options.liveReadIntervalMs - performance.now();
    if (wait <= 0) return this.wake();
    this.coalescing ??= setTimeout(() => this.wake?.(), wait);
  }
}
