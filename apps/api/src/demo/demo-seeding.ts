import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import type { LifelineConfig } from '@lifeline/config';
import { seedDemoData, type SeedReport } from '@lifeline/demo-data';
import type { EventStore } from '@lifeline/event-store/port';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from 'pino';

/** Fixed, so every fresh clone shows the same demo customers. */
export const DEMO_SEED = 42;
export const DEMO_YEARS = 3;
/** Where the demo remembers its end date and whether it finished (seeding resumes across restarts). */
export const DEMO_MANIFEST_FILE = 'demo-seed.json';

interface DemoManifest {
  readonly seed: number;
  readonly customers: number;
  readonly years: number;
  readonly endDate: string;
  readonly completed: boolean;
}

/** A demo seeding running in the background; `stop()` ends it between customers (resumable). */
export interface DemoSeeding {
  /** Nothing in the demo happens at or after this instant (midnight UTC of the first seeding day). */
  readonly endDate: string;
  readonly done: Promise<SeedReport | undefined>;
  stop(): Promise<void>;
}

function readManifest(file: string): DemoManifest | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoManifest) : undefined;
}

function writeManifest(file: string, manifest: DemoManifest): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(manifest));
  renameSync(`${file}.tmp`, file);
}

/**
 * The SQLite store answers synchronously, so a seeding loop would run on microtasks alone and
 * starve HTTP requests; letting the event loop turn before each command's read keeps the API
 * responsive while the demo fills.
 */
function yieldingToRequests(store: EventStore): EventStore {
  return {
    appendToStream: (streamId, events, options) => store.appendToStream(streamId, events, options),
    readStream: async (streamId, options) => {
      await nextTurn();
      return store.readStream(streamId, options);
    },
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    countEventsAfter: (after, options) => store.countEventsAfter(after, options),
    close: () => store.close(),
  };
}

/**
 * Seeds the demo history when LIFELINE_DEMO asks for it: `auto` on an empty event store (or
 * to finish an interrupted demo seeding), `on` always (already written commands are skipped),
 * `off` never. Returns undefined when there is nothing to do. It writes through the same
 * rules as the API, customer by customer, so read models fill while it runs.
 */
export async function startDemoSeeding(config: LifelineConfig, eventStore: EventStore, logger: Logger): Promise<DemoSeeding | undefined> {
  if (config.demo.mode === 'off') return undefined;
  const manifestFile = join(config.dataDir, DEMO_MANIFEST_FILE);
  const earlier = readManifest(manifestFile);
  if (config.demo.mode === 'auto') {
    const unfinished = earlier !== undefined && !earlier.completed;
    // Empty means no customer history: the store's currency pin (and idempotency records) do not count.
    const history = await eventStore.readAll({ maxCount: 1, streamPrefix: CUSTOMER_STREAM_PREFIX });
    if (!unfinished && history.length > 0) return undefined;
  }
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const manifest: DemoManifest = {
    seed: DEMO_SEED,
    customers: config.demo.customers,
    years: DEMO_YEARS,
    // The end date is part of what the seed generates: a resumed seeding keeps the first one.
    endDate: earlier?.endDate ?? today.toISOString(),
    completed: false,
  };
  writeManifest(manifestFile, manifest);
  logger.info(
    { customers: manifest.customers, years: manifest.years, seed: manifest.seed },
    `seeding a demo history of ${manifest.customers} customers over ${manifest.years} years in the background; set LIFELINE_DEMO=off to start empty`,
  );

  const abort = new AbortController();
  const started = Date.now();
  const done = seedDemoData(yieldingToRequests(eventStore), { ...manifest, currency: config.currency, signal: abort.signal }).then(
    (report) => {
      if (report.interrupted) {
        logger.info({ ...report }, 'demo seeding paused by shutdown; it continues on the next start');
      } else {
        writeManifest(manifestFile, { ...manifest, completed: true });
        logger.info({ ...report, durationMs: Date.now() - started }, 'demo history seeded');
      }
      return report;
    },
    (error: unknown) => {
      logger.error({ error: error instanceof Error ? error.message : String(error) }, 'demo seeding failed; the API keeps serving');
      return undefined;
    },
  );
  return {
    endDate: manifest.endDate,
    done,
    stop: async () => {
      abort.abort();
      await done;
    },
  };
}
