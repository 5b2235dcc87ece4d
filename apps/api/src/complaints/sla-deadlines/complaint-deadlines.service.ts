import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ComplaintDeadlineProcess, runDeadlineLoop } from '@lifeline/complaint-deadlines';
import type { LifelineConfig } from '@lifeline/config';
import { CustomerCommandService } from '@lifeline/customers/application';
import { EVENT_STORE, type EventStore } from '@lifeline/event-store/port';
import { READ_MODEL_STORE, type ReadModelStore } from '@lifeline/read-store/port';
import type { Logger } from 'pino';
import { LIFELINE_CONFIG } from '../../config/lifeline-config.module';
import { LOGGER } from '../../telemetry/logger';
import { complaintSlaPolicy } from '../sla-policy';

/**
 * Runs the SLA deadline process in this process (LIFELINE_RUN_DEADLINES, default true) every
 * LIFELINE_DEADLINE_CHECK_SECONDS. It stops before the stores close. Running it in several
 * processes at once is safe: each breach is written once.
 */
@Injectable()
export class ComplaintDeadlinesService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly stop = new AbortController();
  private loop: Promise<void> | undefined;
  private hold: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(LIFELINE_CONFIG) private readonly config: LifelineConfig,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readStore: ReadModelStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.complaints.runDeadlines) return;
    const log = this.logger.child({ component: 'complaint-sla-deadlines' });
    const commands = new CustomerCommandService(this.eventStore, { currency: this.config.currency, reopenWindowDays: this.config.complaints.reopenWindowDays });
    const process = new ComplaintDeadlineProcess(this.readStore, commands, {
      policy: complaintSlaPolicy(this.config),
      // Ids only: complaint texts and customer names stay out of the logs.
      onBreachRecorded: (breach) => log.info(breach, 'complaint SLA breach recorded'),
    });
    this.loop = runDeadlineLoop(
      process,
      this.config.complaints.deadlineCheckSeconds * 1000,
      this.stop.signal,
      (error) => log.warn({ error: (error as Error).message }, 'SLA deadline round failed; the next round tries again'),
      () => this.untilReleasedOrStopped(),
    );
  }

  /** Before each round: the hold settled, or the service stopping. The abort listener goes with the wait. */
  private async untilReleasedOrStopped(): Promise<void> {
    const signal = this.stop.signal;
    if (signal.aborted) return;
    let onAbort: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      onAbort = resolve;
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.hold.then(() => undefined, () => undefined), stopped]);
    } finally {
      // Left behind, one listener per round would pile up on the signal (Node warns at 11).
      signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * No rounds until `done` settles. A history written back-dated (the demo seeding) appends a
   * complaint's filing before its timely resolution: judged in between, it would look overdue.
   */
  holdUntil(done: Promise<unknown>): void {
    this.hold = done;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }
}
