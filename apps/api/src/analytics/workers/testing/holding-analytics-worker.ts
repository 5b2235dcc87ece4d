/**
 * An analytics worker entry for tests: holds its thread for HOLD_MS before each task, as a
 * long model fit does, so a test can watch the API while a computation is in flight.
 */
import runAnalyticsTask, { type AnalyticsTaskMessage, type AnalyticsTaskOutcome } from '../analytics-worker';

export const HOLD_MS = 2000;

export default function holdThenRun(message: AnalyticsTaskMessage): AnalyticsTaskOutcome {
  // Blocks this thread without spinning (a fit would spin; the machine is shared).
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, HOLD_MS);
  return runAnalyticsTask(message);
}
