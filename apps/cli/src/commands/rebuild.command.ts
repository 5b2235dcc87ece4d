import type { ReadModelStore } from '@lifeline/read-store/port';
import { rebuildAll } from '@lifeline/projections/runtime';
import { EXIT, type CliContext } from '../cli-context';
import { selectProjections } from '../projection-selection';
import { startProgress } from '../progress';
import { cliConfig, openCliStores } from '../stores';

export interface RebuildCommandOptions {
  readonly dataDir?: string;
  readonly projections: readonly string[];
  readonly all?: boolean;
  /** At most this many events per commit (one store transaction per projection); default the runtime's. */
  readonly batchSize?: number;
}

/** Where an interrupted rebuild of this collection stopped, if one is in progress. */
async function resumePoint(readStore: ReadModelStore, collection: string): Promise<number | undefined> {
  const unfinished = (await readStore.listCheckpoints()).find((c) => c.collection === collection && !c.live);
  return unfinished?.position;
}

/**
 * Blue/green rebuild of the named projections in one pass over the log: a new version of each
 * is folded from position 0 while the live ones keep serving, then each is swapped in
 * atomically (the old one is dropped). Ctrl-C stops between pages, commits what was folded and
 * leaves each new version with its own checkpoint; the same command resumes. A projector
 * running elsewhere carries on from the swapped-in checkpoint.
 */
export async function runRebuild(options: RebuildCommandOptions, ctx: CliContext): Promise<number> {
  const projections = selectProjections(options.projections, options.all);
  const stores = await openCliStores(cliConfig(ctx.env, options.dataDir));
  try {
    const head = await stores.eventStore.headPosition();
    let start = head;
    for (const projection of projections) {
      const from = await resumePoint(stores.readStore, projection.name);
      start = Math.min(start, from ?? 0);
      ctx.stderr.write(
        from === undefined
          ? `rebuild ${projection.name}: building a new version up to position ${head}\n`
          : `rebuild ${projection.name}: resuming the unfinished rebuild at position ${from} of ${head}\n`,
      );
    }
    const label = `rebuild ${projections.map((projection) => projection.name).join(', ')}`;
    const progress = startProgress(ctx, label, head, 'events', { start });
    let progressShown = true;
    const stopProgress = () => {
      if (progressShown) progress.stop();
      progressShown = false;
    };
    const result = await rebuildAll(projections, {
      eventStore: stores.eventStore,
      readStore: stores.readStore,
      batchSize: options.batchSize,
      signal: ctx.signal,
      onProgress: (p) => progress.update(p.processed, p.total),
      onSwapping: (projection, version) => {
        stopProgress();
        ctx.stderr.write(`rebuild ${projection}: building the indexes of v${version} and swapping it in\n`);
      },
    }).finally(stopProgress);

    if (result.outcome === 'aborted') {
      for (const p of result.projections) {
        ctx.stderr.write(
          `interrupted: ${p.projection} rebuild (v${p.version}) stopped at position ${p.checkpoint}; the live version is untouched; run the same command again to resume\n`,
        );
      }
      return EXIT.interrupted;
    }
    for (const p of result.projections) {
      ctx.stdout.write(`${p.projection}: v${p.version} is live at position ${p.checkpoint} (${p.eventsApplied} events applied in this run)\n`);
    }
    return EXIT.ok;
  } finally {
    await stores.close();
  }
}
