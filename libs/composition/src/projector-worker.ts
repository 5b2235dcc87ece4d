/**
 * The projector in a worker thread of the API process (see ProjectorThread): its own
 * connections to the event store (reads) and the read store (writes), every read model of
 * ALL_PROJECTIONS, its progress posted to the main thread after every commit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { ALL_PROJECTIONS } from '@lifeline/projections/catalog';
import { Projector, type DocumentProjection } from '@lifeline/projections/runtime';
import pino from 'pino';
import { openStores, type LifelineStores } from './open-stores';

/** How long a stopping worker waits to apply the appends made before the stop. */
const STOP_CATCH_UP_MS = 5_000;
import type { FromProjectorWorker, ProjectorWorkerData, ToProjectorWorker } from './projector-thread-messages';

async function main(): Promise<void> {
  const port = parentPort!;
  const post = (message: FromProjectorWorker) => port.postMessage(message);
  const { config } = workerData as ProjectorWorkerData;
  // The same JSON lines as the API's logger (apps/api telemetry/logger.ts), marked as the projector's.
  const logger = pino({
    level: config.logLevel,
    base: { service: 'lifeline-api', component: 'projector', thread: 'worker' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });

  const projected = new Map<string, number>();
  const counting = <Doc extends object>(projection: DocumentProjection<Doc>): DocumentProjection<Doc> => ({
    name: projection.name,
    version: projection.version,
    indexes: projection.indexes,
    ...(projection.documentPerEvent !== undefined && { documentPerEvent: projection.documentPerEvent }),
    // An erasure's rewrite of earlier documents (the timeline) must survive the wrapping.
    ...(projection.rewritesEarlierDocuments !== undefined && { rewritesEarlierDocuments: (event) => projection.rewritesEarlierDocuments!(event) }),
    keysOf: (event) => {
      projected.set(projection.name, (projected.get(projection.name) ?? 0) + 1);
      return projection.keysOf(event);
    },
    evolve: (doc, event, key) => projection.evolve(doc, event, key),
  });

  let stores: LifelineStores;
  try {
    stores = await openStores(config, { logger });
  } catch (error) {
    post({ type: 'start-failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  // Progress after every commit, one message per turn of the loop however many projections committed in it.
  let progressPosted = true;
  const postProgress = () => {
    progressPosted = true;
    post({ type: 'progress', progress: projector.progress(), projected: Object.fromEntries(projected) });
    projected.clear();
  };
  const projector: Projector = new Projector(stores.eventStore, stores.readStore, ALL_PROJECTIONS.map(counting), {
    logger,
    onProgress: () => {
      if (!progressPosted) return;
      progressPosted = false;
      setImmediate(postProgress);
    },
  });

  port.on('message', (message: ToProjectorWorker) => {
    if (message.type === 'appended') {
      if (stores.eventStore.inner instanceof SqliteEventStore) stores.eventStore.inner.notifyAppended();
      return;
    }
    void (async () => {
      // First catch up with what the request thread appended before it asked to stop: its last
      // 'appended' relay may not have been read yet (a SIGTERM right after a write left a projection
      // two events short). Bounded, so a stuck projection cannot hold the shutdown.
      if (stores.eventStore.inner instanceof SqliteEventStore) stores.eventStore.inner.notifyAppended();
      await projector.waitForPosition(await stores.eventStore.headPosition(), STOP_CATCH_UP_MS).catch(() => false);
      // Finishes the batches in hand, commits them with their checkpoints, then closes the connections.
      await projector.stop();
      postProgress();
      await stores.close();
      post({ type: 'stopped' });
      port.close();
    })();
  });

  try {
    await projector.start();
  } catch (error) {
    await stores.close().catch(() => undefined);
    post({ type: 'start-failed', message: error instanceof Error ? error.message : String(error) });
    port.close();
    return;
  }
  post({ type: 'started', progress: projector.progress() });
}

void main();
