import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import type { EventStore, RecordedEvent } from '@lifeline/event-store/port';
import { CheckpointConflictError, type ReadModelStore } from '@lifeline/read-store/port';
import { applyBatch } from './apply-batch';
import { clearProjectionFailure, recordProjectionFailure } from './projection-failures';
import { lagCounter } from './lag';
import type { DocumentProjection, ProjectedEvent } from './projection';
import { toProjectedEvent } from './projected-event';
import { rebuild, type RebuildOptions, type RebuildResult } from './rebuild';
import { PositionWaiters } from './position-waiters';

export type ProjectionState = 'catching_up' | 'live' | 'stopped' | 'failed';

export interface ProjectionStatus {
  readonly name: string;
  /** The projection's code version (bump means: rebuild). */
  readonly version: number;
  /** The live collection version it writes to. */
  readonly storeVersion: number;
  readonly checkpoint: number;
  readonly headPosition: number;
  /** Events of the followed streams not applied yet (at most LAG_COUNT_LIMIT: "at least"). */
  readonly lag: number;
  /** Age of the oldest event not yet applied; 0 when caught up. */
  readonly lagSeconds: number;
  readonly state: ProjectionState;
  readonly lastError?: string;
}

/** pino-compatible: (fields, message). */
export interface ProjectorLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface ProjectorOptions {
  /** Events per committed batch; default 500. */
  readonly batchSize?: number;
  /** Longest an event waits in a partial batch; default 50 ms. */
  readonly batchDelayMs?: number;
  readonly streamPrefix?: string;
  readonly logger?: ProjectorLogger;
  /** Called after every commit and every failure (a worker thread relays its progress with it). */
  readonly onProgress?: () => void;
}

/** A projection's place without its lag (which needs the event store to count). */
export type ProjectionProgress = Omit<ProjectionStatus, 'headPosition' | 'lag' | 'lagSeconds'>;

const consoleLogger: ProjectorLogger = {
  info: () => undefined,
  warn: (fields, message) => console.warn(message, fields),
  error: (fields, message) => console.error(message, fields),
};

const STOP = Symbol('stop');
const FLUSH = Symbol('flush');
const IDLE = Symbol('idle');

function after<T>(ms: number, value: T): { promise: Promise<T>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(value), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/** Runs one projection: its own subscription, batches, checkpoint and failure. */
class ProjectionRunner {
  state: ProjectionState = 'stopped';
  storeVersion = 0;
  checkpoint = 0;
  lastError?: string;
  /** The failure being written to the store, awaited by stop(). */
  private recorded?: Promise<void>;
  private startHead = 0;
  private loop?: Promise<void>;
  private stopRequested = false;
  /** Waits in the consume loop that stop() ends; each wait removes its own when it is over. */
  private readonly stopListeners = new Set<() => void>();

  constructor(
    readonly projection: DocumentProjection<object>,
    private readonly eventStore: EventStore,
    private readonly readStore: ReadModelStore,
    private readonly options: Required<Omit<ProjectorOptions, 'logger' | 'onProgress'>> & { logger: ProjectorLogger },
    private readonly onCommitted: () => void,
  ) {}

  async start(): Promise<void> {
    if (this.loop) return;
    this.stopRequested = false;
    this.lastError = undefined;
    try {
      await this.readStore.ensureCollection(this.projection.name, this.projection.indexes);
      await clearProjectionFailure(this.readStore, this.projection.name);
      await this.reload();
      this.startHead = await this.eventStore.headPosition();
    } catch (error) {
      this.fail(error);
      return;
    }
    this.state = this.checkpoint >= this.startHead ? 'live' : 'catching_up';
    this.loop = this.run().finally(() => {
      this.loop = undefined;
    });
  }

  /** Finishes the batch in hand, commits it, and closes the subscription. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    for (const listener of this.stopListeners) listener();
    await this.loop;
    await this.recorded;
    if (this.state !== 'failed') this.state = 'stopped';
  }

  private async reload(): Promise<void> {
    const checkpoint = await this.readStore.getCheckpoint(this.projection.name);
    this.storeVersion = checkpoint.version;
    this.checkpoint = checkpoint.position;
  }

  private async run(): Promise<void> {
    while (!this.stopRequested) {
      try {
        await this.consume();
        return;
      } catch (error) {
        if (error instanceof CheckpointConflictError && !this.stopRequested) {
          // A rebuild was swapped in, or another writer moved on: continue from what is stored.
          this.options.logger.warn({ projection: this.projection.name, error: error.message }, 'checkpoint moved underneath the projector; reloading');
          try {
            await this.reload();
            continue;
          } catch (reloadError) {
            this.fail(reloadError);
            return;
          }
        }
        this.fail(error);
        return;
      }
    }
  }

  private fail(error: unknown): void {
    this.state = 'failed';
    this.lastError = error instanceof Error ? error.message : String(error);
    this.options.logger.error({ projection: this.projection.name, checkpoint: this.checkpoint, error: this.lastError }, 'projection stopped after an error');
    this.onCommitted(); // waiters on this projection can give up now
    // Stored, so `lifeline status` and other processes see it too.
    const failure = { projection: this.projection.name, checkpoint: this.checkpoint, reason: this.lastError, failedAt: new Date().toISOString() };
    this.recorded = recordProjectionFailure(this.readStore, failure).catch((error: unknown) =>
      this.options.logger.warn({ projection: this.projection.name, error: error instanceof Error ? error.message : String(error) }, 'could not store the projection failure'),
    );
  }

  /**
   * The first of these promises to settle, or STOP when stop() comes first. Every wait has its
   * own stop promise, detached when the wait is over: racing one promise that lives as long as
   * the projector would leave a reaction on it per event, kept until the projector stops.
   */
  private async untilStopped<T extends readonly Promise<unknown>[]>(...promises: T): Promise<Awaited<T[number]> | typeof STOP> {
    if (this.stopRequested) return STOP;
    let listener: () => void = () => undefined;
    const stopped = new Promise<typeof STOP>((resolve) => {
      listener = () => resolve(STOP);
    });
    this.stopListeners.add(listener);
    try {
      return await Promise.race([...promises, stopped]);
    } finally {
      this.stopListeners.delete(listener);
    }
  }

  private async consume(): Promise<void> {
    const { batchSize, batchDelayMs, streamPrefix } = this.options;
    const subscription = this.eventStore.subscribeToAll({ after: this.checkpoint, streamPrefix });
    const iterator = subscription[Symbol.asyncIterator]();
    let batch: ProjectedEvent[] = [];
    let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
    let deadline: ReturnType<typeof after<typeof FLUSH>> | undefined;
    const flush = async () => {
      deadline?.cancel();
      deadline = undefined;
      if (batch.length === 0) return;
      const events = batch;
      batch = [];
      this.checkpoint = await applyBatch(this.readStore, this.projection, events, { version: this.storeVersion, checkpoint: this.checkpoint });
      if (this.state === 'catching_up' && this.checkpoint >= this.startHead) this.state = 'live';
      this.onCommitted();
    };
    try {
      while (!this.stopRequested) {
        pending ??= iterator.next();
        let outcome: IteratorResult<RecordedEvent> | typeof STOP | typeof FLUSH | typeof IDLE;
        if (batch.length > 0 && deadline) {
          outcome = await this.untilStopped(pending, deadline.promise);
        } else if (this.state === 'catching_up') {
          // Nothing arriving for a while means the subscription has caught up.
          const idle = after(batchDelayMs, IDLE);
          outcome = await this.untilStopped(pending, idle.promise);
          idle.cancel();
        } else {
          // Live and nothing in hand: wait for the next event alone. Racing it against a timer
          // again and again would hang one more reaction on the same pending promise every
          // batchDelayMs for as long as no event comes.
          outcome = await this.untilStopped(pending);
        }
        if (outcome === STOP) break;
        if (outcome === FLUSH) {
          await flush();
          continue;
        }
        if (outcome === IDLE) {
          if (this.state === 'catching_up') this.state = 'live';
          continue;
        }
        pending = undefined;
        if (outcome.done) break;
        if (outcome.value.position <= this.checkpoint) continue; // redelivered: already in the documents
        batch.push(toProjectedEvent(outcome.value));
        if (batch.length === 1) deadline = after(batchDelayMs, FLUSH);
        if (batch.length >= batchSize) await flush();
      }
      await flush();
    } finally {
      deadline?.cancel();
      await subscription.close();
    }
  }
}

/**
 * Keeps read models up to date: each projection follows the event log from its own
 * checkpoint (catch-up, then live), in batches committed together with the checkpoint.
 * No framework; the API embeds it and apps/projector runs it alone.
 */
export class Projector {
  private readonly runners: ProjectionRunner[];
  private readonly positionWaiters = new PositionWaiters((position) => this.verdict(position));
  private readonly options: Required<Omit<ProjectorOptions, 'logger' | 'onProgress'>> & { logger: ProjectorLogger };
  private readonly onProgress: () => void;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadModelStore,
    projections: readonly DocumentProjection<object>[],
    options: ProjectorOptions = {},
  ) {
    const names = projections.map((projection) => projection.name);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate) throw new Error(`two projections are named ${duplicate}`);
    this.options = {
      batchSize: options.batchSize ?? 500,
      batchDelayMs: options.batchDelayMs ?? 50,
      streamPrefix: options.streamPrefix ?? CUSTOMER_STREAM_PREFIX,
      logger: options.logger ?? consoleLogger,
    };
    this.onProgress = options.onProgress ?? (() => undefined);
    if (!Number.isInteger(this.options.batchSize) || this.options.batchSize < 1) throw new RangeError('batchSize must be a positive whole number');
    this.runners = projections.map((projection) => new ProjectionRunner(projection, eventStore, readStore, this.options, () => this.settleWaiters()));
  }

  async start(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.start()));
    this.options.logger.info({ projections: this.runners.map((runner) => runner.projection.name) }, 'projector started');
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
    this.settleWaiters();
  }

  /**
   * Read-your-writes: resolves true once every projection has applied the log up to
   * `position`, false after `timeoutMs` or as soon as a projection it waits on has failed.
   */
  waitForPosition(position: number, timeoutMs: number): Promise<boolean> {
    return this.positionWaiters.wait(position, timeoutMs);
  }

  /** Each projection's checkpoint and state as of now. */
  progress(): ProjectionProgress[] {
    return this.runners.map((runner) => ({
      name: runner.projection.name,
      version: runner.projection.version,
      storeVersion: runner.storeVersion,
      checkpoint: runner.checkpoint,
      state: runner.state,
      ...(runner.lastError !== undefined && { lastError: runner.lastError }),
    }));
  }

  async status(): Promise<ProjectionStatus[]> {
    const headPosition = await this.eventStore.headPosition();
    const lagAt = lagCounter(this.eventStore, headPosition, { streamPrefix: this.options.streamPrefix });
    return Promise.all(
      this.runners.map(async (runner) => {
        const lag = await lagAt(runner.checkpoint);
        return {
          name: runner.projection.name,
          version: runner.projection.version,
          storeVersion: runner.storeVersion,
          checkpoint: runner.checkpoint,
          headPosition,
          lag: lag.events,
          lagSeconds: lag.seconds,
          state: runner.state,
          ...(runner.lastError !== undefined && { lastError: runner.lastError }),
        };
      }),
    );
  }

  /**
   * Rebuilds one projection into a new collection version while the live one serves, swaps
   * it in, and restarts that projection from the rebuilt checkpoint.
   */
  async rebuild(name: string, options: Omit<RebuildOptions, 'eventStore' | 'readStore'> = {}): Promise<RebuildResult> {
    const runner = this.runners.find((candidate) => candidate.projection.name === name);
    if (!runner) throw new Error(`no projection named ${name}`);
    const result = await rebuild(runner.projection, { ...options, eventStore: this.eventStore, readStore: this.readStore, streamPrefix: this.options.streamPrefix });
    if (result.outcome === 'swapped' && runner.state !== 'stopped') {
      await runner.stop();
      await runner.start();
    }
    return result;
  }

  private verdict(position: number): boolean | undefined {
    if (this.runners.every((runner) => runner.checkpoint >= position)) return true;
    if (this.runners.some((runner) => runner.checkpoint < position && runner.state === 'failed')) return false;
    return undefined;
  }

  private settleWaiters(): void {
    this.onProgress();
    this.positionWaiters.settle();
  }
}
