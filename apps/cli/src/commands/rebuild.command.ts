import type { ReadModelStore } from '@lifeline/read-store/port';
import { rebuild } from '@lifeline/projections/runtime';
import { EXIT, type CliContext } from '../cli-context';
import { selectProjections } from '../projection-selection';
import { startProgress } from '../progress';
import { cliConfig, openCliStores } from '../stores';

export interface RebuildCommandOptions {
  readonly dataDir?: string;
  readonly projections: readonly string[];
  readonly all?: boolean;
  /** Events per committed batch (one store transaction each). */
  readonly batchSize: number;
}

/** Where an interrupted rebuild of this collection stopped, if one is in progress. */
async function resumePoint(readStore: ReadModelStore, collection: string): Promise<number | undefined> {
  const unfinished = (await readStore.listCheckpoints()).find((c) => c.collection === collection && !c.live);
  return unfinished?.position;
}

/**
 * Blue/green rebuild of each named projection in turn: a new version is folded from position 0
 * while the live one keeps serving, then swapped in atomically (the old one is dropped). Ctrl-C
 * stops between batches and leaves the new version with its own checkpoint; the same command
 * resumes it. A projector running elsewhere carries on from the swapped-in checkpoint.
 */
export async function runRebuild(options: RebuildCommandOptions, ctx: CliContext): Promise<number> {
  const projections = selectProjections(options.projections, options.all);
  const stores = await openCliStores(cliConfig(ctx.env, options.dataDir));
  try {
    for (const projection of projections) {
      const from = await resumePoint(stores.readStore, projection.name);
      const head = await stores.eventStore.headPosition();
      ctx.stderr.write(
        from === undefined
          ? `rebuild ${projection.name}: building a new version up to position ${head}\n`
          : `rebuild ${projection.name}: resuming the unfinished rebuild at position ${from} of ${head}\n`,
      );
      const progress = startProgress(ctx, `rebuild ${projection.name}`, head, 'events', { start: from ?? 0 });
      const result = await rebuild(projection, {
        eventStore: stores.eventStore,
        readStore: stores.readStore,
        batchSize: options.batchSize,
        signal: ctx.signal,
        onProgress: (p) => progress.update(p.processed, p.total),
      }).finally(() => progress.stop());

      if (result.outcome === 'aborted') {
        ctx.stderr.write(
          `interrupted: ${projection.name} rebuild (v${result.version}) stopped at position ${result.checkpoint}; the live version is untouched; run the same command again to resume\n`,
        );
        return EXIT.interrupted;
      }
      ctx.stdout.write(`${projection.name}: v${result.version} is live at position ${result.checkpoint} (${result.eventsApplied} events applied in this run)\n`);
    }
    return EXIT.ok;
  } finally {
    await stores.close();
  }
}
