import type { LifelineConfig } from '@lifeline/config';
import { pinStoreCurrency } from '@lifeline/customers/application';
import { ALL_PROJECTIONS } from '@lifeline/projections/catalog';
import { Projector, type DocumentProjection, type ProjectorLogger } from '@lifeline/projections/runtime';
import { openStores, type LifelineStores } from './open-stores';
import { ProjectorThread, type LiveProjector, type ProjectorThreadOptions } from './projector-thread';

export interface LifelineRuntimeOptions {
  /** Run the projector in this process (the API does by default; the CLI does not). */
  readonly runProjector: boolean;
  readonly projections?: readonly DocumentProjection<object>[];
  readonly logger?: ProjectorLogger;
  /**
   * Run the projector (every read model of ALL_PROJECTIONS) in a worker thread of this process
   * when the compiled worker is there (the built API; under TypeScript sources it runs in this
   * thread with `projections`). The API does; a process that does nothing else (apps/projector) need not.
   */
  readonly projectorThread?: ProjectorThreadOptions;
}

/** The stores plus, where this process runs it, the projector feeding the read models. */
export interface LifelineRuntime extends LifelineStores {
  readonly projector: LiveProjector;
  readonly projectorRunning: boolean;
  /** Whether the projector runs in a worker thread (ProjectorThread) rather than this one. */
  readonly projectorInWorker: boolean;
  /** Finishes the projector's batches in hand (checkpoints written), then closes the stores. */
  close(): Promise<void>;
}

/**
 * One code path for every process: the configuration picks the adapters, this starts the
 * projector on them (or not) and stops everything in the order that loses nothing.
 */
export async function startLifeline(config: LifelineConfig, options: LifelineRuntimeOptions): Promise<LifelineRuntime> {
  const stores = await openStores(config, options.logger ? { logger: options.logger } : {});
  const inWorker = options.runProjector && options.projectorThread !== undefined && ProjectorThread.available();
  const projector: LiveProjector = inWorker
    ? new ProjectorThread(config, stores.eventStore, { ...options.projectorThread, ...(options.logger && { logger: options.logger }) })
    : new Projector(stores.eventStore, stores.readStore, options.projections ?? ALL_PROJECTIONS, { logger: options.logger });
  try {
    // Before anything reads or writes: a store in another currency stops the start here.
    await pinStoreCurrency(stores.eventStore, config.currency);
    if (options.runProjector) await projector.start();
  } catch (error) {
    await stores.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    eventStore: stores.eventStore,
    readStore: stores.readStore,
    idempotencyStore: stores.idempotencyStore,
    projector,
    projectorRunning: options.runProjector,
    projectorInWorker: inWorker,
    close: () =>
      (closing ??= (async () => {
        if (options.runProjector) await projector.stop();
        await stores.close();
      })()),
  };
}
