/**
 * The rebuild pass of the `rebuild` benchmark, in a process of its own as an operator runs it
 * (`lifeline rebuild --all`): its memory is the rebuild's, not what seeding a million events
 * left in the benchmark's process (V8 and SQLite keep freed memory mapped). Runs every read
 * model of ALL_PROJECTIONS through `rebuildAll` and sends the figures to the parent.
 */
import { ALL_PROJECTIONS } from '@lifeline/projections/catalog';
import { rebuildAll } from '@lifeline/projections/runtime';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { processMaxRssMb, RssSampler } from './memory';

export interface RebuildPassRequest {
  readonly eventsFile: string;
  readonly readFile: string;
}

export interface RebuildPassFigures {
  readonly outcome: 'swapped' | 'aborted';
  readonly projections: readonly { readonly projection: string; readonly version: number; readonly eventsApplied: number }[];
  /** The whole rebuild, swaps included. */
  readonly seconds: number;
  /** CPU of the process (every thread: the writer thread too) over the same span. */
  readonly cpuSeconds: number;
  /** Of `seconds`, the swaps after the pass: building each new version's indexes, ANALYZE, the switch. */
  readonly swapSeconds: number;
  readonly peakRssMb: number;
  readonly maxRssMb: number;
}

export type RebuildPassMessage = { readonly progress: string } | { readonly figures: RebuildPassFigures } | { readonly error: string };

async function run({ eventsFile, readFile }: RebuildPassRequest): Promise<RebuildPassFigures> {
  const eventStore = SqliteEventStore.open(eventsFile);
  const readStore = SqliteReadModelStore.open(readFile);
  try {
    const rss = new RssSampler();
    const cpu = process.cpuUsage();
    const started = performance.now();
    let swapsStarted: number | undefined;
    let lastLine = 0;
    const result = await rebuildAll(ALL_PROJECTIONS, {
      eventStore,
      readStore,
      // For an A/B on the same machine: REBUILD_WRITER_THREAD=off commits on the folding thread.
      ...(process.env.REBUILD_WRITER_THREAD === 'off' && { backgroundFromEvents: Number.MAX_SAFE_INTEGER }),
      onProgress: (p) => {
        rss.sample();
        if (p.processed - lastLine < 100_000) return;
        lastLine = p.processed;
        send({ progress: `rebuild all models: ${p.processed}/${p.total} (${Math.round(p.eventsPerSecond)} events/s)` });
      },
      onSwapping: () => {
        rss.sample();
        swapsStarted ??= performance.now();
      },
    });
    const ended = performance.now();
    const used = process.cpuUsage(cpu);
    rss.sample();
    return {
      outcome: result.outcome,
      projections: result.projections.map(({ projection, version, eventsApplied }) => ({ projection, version, eventsApplied })),
      seconds: (ended - started) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
      swapSeconds: (ended - (swapsStarted ?? ended)) / 1000,
      peakRssMb: rss.peakMb,
      maxRssMb: processMaxRssMb(),
    };
  } finally {
    await readStore.close();
    await eventStore.close();
  }
}

function send(message: RebuildPassMessage): void {
  process.send?.(message);
}

if (process.send) {
  process.once('message', (request: RebuildPassRequest) => {
    run(request).then(
      (figures) => send({ figures }),
      (error: unknown) => send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    ).finally(() => process.disconnect());
  });
}
