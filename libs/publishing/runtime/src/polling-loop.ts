export interface PollingLoopDelays {
  /** Wait after a round that found nothing to do. */
  readonly idleDelayMs: number;
  /** Wait after a failed round before trying it again. */
  readonly retryDelayMs: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * What every publishing loop does between its rounds: run `round` until `signal` aborts; a
 * round that found work is followed at once by the next, one that found none by a wait, and a
 * failure is reported and retried after a wait (nothing is acknowledged, so nothing is lost).
 */
export async function runPollingLoop(signal: AbortSignal, round: () => Promise<boolean>, delays: PollingLoopDelays): Promise<void> {
  while (!signal.aborted) {
    try {
      if (!(await round())) await pause(delays.idleDelayMs, signal);
    } catch (error) {
      delays.onError?.(error);
      await pause(delays.retryDelayMs, signal);
    }
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
