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
  private iterating = false;
  private readonly onAppended = () => {
    this.dirty = true;
    this.wake?.();
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
    this.wake?.();
    this.options.onClose(this);
  }

  private async *events(): AsyncGenerator<RecordedEvent> {
    let position = this.options.after;
    try {
      while (!this.closed) {
        this.dirty = false;
        const { events, head } = this.options.readPage(position);
        for (const event of events) {
          if (this.closed) return;
          position = event.position;
          yield event;
        }
        if (events.length < this.options.pageSize) {
          // Caught up: everything up to head was seen or filtered out; don't rescan it.
          position = Math.max(position, head);
          if (!this.dirty) await this.sleep();
        }
      }
    } finally {
      await this.close();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      this.wake = () => {
        this.wake = undefined;
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        resolve();
      };
      this.timer = setTimeout(() => this.wake?.(), this.options.pollIntervalMs);
    });
  }
}
