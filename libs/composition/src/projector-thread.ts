import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LifelineConfig } from '@lifeline/config';
import type { EventStore } from '@lifeline/event-store/port';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { EncryptingEventStore } from '@lifeline/personal-data/encryption';
import { lagCounter, PositionWaiters, type ProjectionProgress, type ProjectionStatus, type ProjectorLogger } from '@lifeline/projections/runtime';
import type { FromProjectorWorker, ProjectorWorkerData, ToProjectorWorker } from './projector-thread-messages';

/** What the API asks of the projector it runs, in this thread or in a worker thread. */
export interface LiveProjector {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): Promise<ProjectionStatus[]>;
  waitForPosition(position: number, timeoutMs: number): Promise<boolean>;
}

/** The worker's entry, compiled beside this file (absent when running from TypeScript sources, as under jest). */
const WORKER_SCRIPT = join(__dirname, 'projector-worker.js');

export interface ProjectorThreadOptions {
  /** Events each projection folded, as the worker reports them (the API counts them in its metrics). */
  readonly onProjected?: (projection: string, events: number) => void;
  readonly logger?: ProjectorLogger;
}

/**
 * The projector in a worker thread of this process: under a write load the live projector's
 * per-event work (reading the new events, folding them, writing four read models) no longer
 * shares the event loop with the HTTP requests. The worker opens its own connections (events
 * read, read models written: the read store's one writer); this side relays appends to it (so
 * its subscriptions wake at once) and answers status, readiness and read-your-writes from the
 * checkpoints it reports after every commit, with the lag counted on this thread's event store.
 */
export class ProjectorThread implements LiveProjector {
  private worker: Worker | undefined;
  private progress: ProjectionProgress[] = [];
  private readonly positionWaiters = new PositionWaiters((position) => this.verdict(position));
  private stopped: Promise<void> | undefined;
  private unsubscribe: () => void = () => undefined;
  private relayQueued = false;

  constructor(
    private readonly config: LifelineConfig,
    private readonly eventStore: EventStore,
    private readonly options: ProjectorThreadOptions = {},
  ) {}

  /** Whether the compiled worker is there to run (the built API; not TypeScript sources). */
  static available(): boolean {
    return existsSync(WORKER_SCRIPT);
  }

  async start(): Promise<void> {
    if (this.worker) return;
    const worker = new Worker(WORKER_SCRIPT, { workerData: { config: this.config } satisfies ProjectorWorkerData });
    this.worker = worker;
    let exited!: () => void;
    const exit = new Promise<void>((resolve) => (exited = resolve));
    await new Promise<void>((started, failed) => {
      worker.on('message', (message: FromProjectorWorker) => {
        switch (message.type) {
          case 'started':
            this.update(message.progress);
            started();
            break;
          case 'progress':
            this.update(message.progress);
            for (const [name, events] of Object.entries(message.projected)) this.options.onProjected?.(name, events);
            break;
          case 'start-failed':
            failed(new Error(message.message));
            break;
          case 'stopped':
            break;
        }
      });
      worker.on('error', (error) => {
        this.options.logger?.error({ error: error.message }, 'the projector thread failed');
        this.failAll(error.message);
        failed(error);
      });
      worker.on('exit', (code) => {
        exited();
        if (!this.stopped) {
          this.failAll(`the projector thread exited (code ${code})`);
          failed(new Error(`the projector thread exited (code ${code})`));
        }
      });
    }).catch(async (error: unknown) => {
      await worker.terminate();
      this.worker = undefined;
      throw error;
    });
    this.stopped = undefined;
    this.exit = exit;
    // Under the encrypting layer (docs/security.md#erasure) the SQLite store is the one that tells of appends.
    const stored = this.eventStore instanceof EncryptingEventStore ? this.eventStore.inner : this.eventStore;
    if (stored instanceof SqliteEventStore) {
      // One message per turn of the loop however many appends it made: the worker reads them together.
      this.unsubscribe = stored.onAppended(() => {
        if (this.relayQueued) return;
        this.relayQueued = true;
        setImmediate(() => {
          this.relayQueued = false;
          this.worker?.postMessage({ type: 'appended' } satisfies ToProjectorWorker);
        });
      });
    }
  }

  private exit: Promise<void> = Promise.resolve();

  /** Finishes the worker's batches in hand (checkpoints written) and ends the thread. */
  stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return Promise.resolve();
    return (this.stopped ??= (async () => {
      this.unsubscribe();
      worker.postMessage({ type: 'stop' } satisfies ToProjectorWorker);
      await this.exit;
      this.worker = undefined;
      this.progress = this.progress.map((p) => (p.state === 'failed' ? p : { ...p, state: 'stopped' }));
      this.settleWaiters();
    })());
  }

  async status(): Promise<ProjectionStatus[]> {
    const headPosition = await this.eventStore.headPosition();
    const lagAt = lagCounter(this.eventStore, headPosition);
    return Promise.all(
      this.progress.map(async (projection) => {
        const lag = await lagAt(projection.checkpoint);
        return { ...projection, headPosition, lag: lag.events, lagSeconds: lag.seconds };
      }),
    );
  }

  /** As Projector.waitForPosition: true once every projection applied the log up to `position`, false on timeout or failure. */
  waitForPosition(position: number, timeoutMs: number): Promise<boolean> {
    return this.positionWaiters.wait(position, timeoutMs);
  }

  private update(progress: ProjectionProgress[]): void {
    this.progress = progress;
    this.settleWaiters();
  }

  private failAll(reason: string): void {
    this.progress = this.progress.map((p) => ({ ...p, state: 'failed', lastError: p.lastError ?? reason }));
    this.settleWaiters();
  }

  private verdict(position: number): boolean | undefined {
    if (this.progress.length > 0 && this.progress.every((p) => p.checkpoint >= position)) return true;
    if (this.progress.some((p) => p.checkpoint < position && p.state === 'failed')) return false;
    if (!this.worker) return false;
    return undefined;
  }

  private settleWaiters(): void {
    this.positionWaiters.settle();
  }
}
