import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import type { LifelineConfig } from '@lifeline/config';
import { RUN_TYPESCRIPT_ENTRY } from '@lifeline/typescript-entries';
import { LIFELINE_CONFIG } from '../../config/lifeline-config.module';
import { ServerBusyError } from '../../http/server-busy';
import type { AnalyticsTaskMessage, AnalyticsTaskOutcome } from './analytics-worker';

/** What a client refused for a full queue is told to wait. */
export const WORKER_QUEUE_RETRY_AFTER_SECONDS = 2;

export interface AnalyticsPoolStats {
  readonly threads: number;
  /** Tasks running or waiting for a thread. */
  readonly inFlight: number;
  /** The most that may be in flight: threads + queue; one more is refused with 503. */
  readonly capacity: number;
  readonly completed: number;
  /** Thread ids that ran tasks (never the request thread's, 0). */
  readonly threadIds: readonly number[];
}

/**
 * The worker threads that model fits and analytics computations run on (piscina), so a
 * computation of seconds never holds the request event loop. Bounded: at most
 * LIFELINE_WORKER_THREADS run at once, LIFELINE_WORKER_QUEUE wait, and one more is refused
 * with 503 and Retry-After rather than queued without limit. The threads start with the first task.
 */
@Injectable()
export class AnalyticsPool implements OnModuleDestroy {
  private pool?: Piscina;
  private entry = join(__dirname, `analytics-worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
  private inFlight = 0;
  private completed = 0;
  private readonly threadIds = new Set<number>();
  private readonly threads: number;
  private readonly capacity: number;

  constructor(@Inject(LIFELINE_CONFIG) config: LifelineConfig) {
    this.threads = config.offload.workerThreads;
    this.capacity = config.offload.workerThreads + config.offload.workerQueue;
  }

  /** Another worker entry (tests: one that holds each task on purpose); only before the first task. */
  useWorkerEntry(entry: string): void {
    if (this.pool !== undefined) throw new Error('the analytics worker threads have started; set their entry before the first task');
    this.entry = entry;
  }

  async run(message: AnalyticsTaskMessage): Promise<AnalyticsTaskOutcome> {
    if (this.inFlight >= this.capacity) {
      throw new ServerBusyError(`${this.inFlight} analytics computations are running or waiting, the most this server takes (LIFELINE_WORKER_THREADS + LIFELINE_WORKER_QUEUE)`, WORKER_QUEUE_RETRY_AFTER_SECONDS);
    }
    this.inFlight++;
    try {
      const outcome = (await this.started().run(message)) as AnalyticsTaskOutcome;
      this.completed++;
      this.threadIds.add(outcome.threadId);
      return outcome;
    } finally {
      this.inFlight--;
    }
  }

  stats(): AnalyticsPoolStats {
    return { threads: this.threads, inFlight: this.inFlight, capacity: this.capacity, completed: this.completed, threadIds: [...this.threadIds] };
  }

  async onModuleDestroy(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }

  private started(): Piscina {
    // From sources (jest) the entry is TypeScript: RUN_TYPESCRIPT_ENTRY compiles it in the thread.
    const typescript = this.entry.endsWith('.ts');
    this.pool ??= new Piscina({
      filename: typescript ? RUN_TYPESCRIPT_ENTRY : this.entry,
      ...(typescript && { workerData: { entry: this.entry } }),
      // All threads start with the first task and stay (each keeps the data it parsed). piscina
      // 5.1 with minThreads 0 leaves the first task waiting for a thread that never takes it.
      minThreads: this.threads,
      maxThreads: this.threads,
    });
    return this.pool;
  }
}
