import { Inject, Injectable } from '@nestjs/common';
import type { LifelineConfig } from '@lifeline/config';
import { LIFELINE_CONFIG } from '../config/lifeline-config.module';
import { ServerBusyError } from '../http/server-busy';

/** What a client refused for too many open streams is told to wait. */
export const FEED_RETRY_AFTER_SECONDS = 5;

/**
 * What keeps the feed from taking the event loop from everyone else:
 * - a cap on open SSE streams (LIFELINE_FEED_MAX_STREAMS; one more is refused with 503);
 * - at most LIFELINE_FEED_MAX_REPLAYS streams sending history at once (the others wait, connected);
 * - fair turns: each page of events is read and written in its own turn of the event loop, one
 *   page per turn across all streams and page requests, so /health and every other request get
 *   in between pages however many clients replay.
 */
@Injectable()
export class FeedCapacity {
  private readonly maxStreams: number;
  private readonly maxReplays: number;
  private openStreams = 0;
  private replaying = 0;
  private readonly replayWaiters: (() => void)[] = [];
  private readonly turnWaiters: (() => void)[] = [];
  private turnScheduled = false;

  constructor(@Inject(LIFELINE_CONFIG) config: LifelineConfig) {
    this.maxStreams = config.offload.feedMaxStreams;
    this.maxReplays = config.offload.feedMaxReplays;
  }

  /** Counts a new SSE stream in, or refuses it (before any header is sent); call the result once it ended. */
  openStream(): () => void {
    if (this.openStreams >= this.maxStreams) {
      throw new ServerBusyError(`${this.openStreams} event streams are open, the most this server keeps (LIFELINE_FEED_MAX_STREAMS)`, FEED_RETRY_AFTER_SECONDS);
    }
    this.openStreams++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.openStreams--;
    };
  }

  /** Waits (first come, first served) for one of the replay slots; resolves to its release, or undefined once `signal` aborted. */
  async replaySlot(signal: AbortSignal): Promise<(() => void) | undefined> {
    if (this.replaying >= this.maxReplays) {
      const admitted = await new Promise<boolean>((resolve) => {
        const admit = () => {
          signal.removeEventListener('abort', leave);
          resolve(true);
        };
        const leave = () => {
          const index = this.replayWaiters.indexOf(admit);
          if (index >= 0) this.replayWaiters.splice(index, 1);
          resolve(false);
        };
        if (signal.aborted) return resolve(false);
        signal.addEventListener('abort', leave, { once: true });
        this.replayWaiters.push(admit);
      });
      // A slot handed to a waiter stays counted in `replaying`: it passes straight to it.
      if (!admitted) return undefined;
    } else {
      this.replaying++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.replayWaiters.shift();
      if (next) next();
      else this.replaying--;
    };
  }

  /** Resolves in a later turn of the event loop than the caller's, one waiter per turn, in order. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.turnWaiters.push(resolve);
      this.scheduleTurn();
    });
  }

  stats(): { openStreams: number; replaying: number; waitingToReplay: number } {
    return { openStreams: this.openStreams, replaying: this.replaying, waitingToReplay: this.replayWaiters.length };
  }

  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    // An immediate queued from an immediate runs in the next loop iteration, after I/O: other
    // requests (and their timers) are served between any two pages.
    setImmediate(() => {
      this.turnScheduled = false;
      this.turnWaiters.shift()?.();
      if (this.turnWaiters.length > 0) this.scheduleTurn();
    });
  }
}
