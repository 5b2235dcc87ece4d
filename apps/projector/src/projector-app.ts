import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { Projector, type DocumentProjection, type ProjectorLogger } from '@lifeline/projections/runtime';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';

export interface ProjectorApp {
  readonly projector: Projector;
  /** Finishes the batches in hand, writes their checkpoints and closes both stores. */
  stop(): Promise<void>;
}

/** Opens `events.db` and `read.db` in `dataDir` and runs the projections against them. */
export async function startProjectorApp(options: {
  dataDir: string;
  projections: readonly DocumentProjection<object>[];
  logger: ProjectorLogger;
}): Promise<ProjectorApp> {
  mkdirSync(options.dataDir, { recursive: true });
  const eventStore = SqliteEventStore.open(join(options.dataDir, 'events.db'));
  const readStore = SqliteReadModelStore.open(join(options.dataDir, 'read.db'));
  const projector = new Projector(eventStore, readStore, options.projections, { logger: options.logger });
  await projector.start();
  let stopping: Promise<void> | undefined;
  return {
    projector,
    stop: () =>
      (stopping ??= (async () => {
        await projector.stop();
        await eventStore.close();
        await readStore.close();
      })()),
  };
}
