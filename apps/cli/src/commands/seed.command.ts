import { seedDemoData, validateDemoOptions, type DemoDataOptions } from '@lifeline/demo-data';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT, type CliContext } from '../cli-context';
import { startProgress } from '../progress';
import { cliConfig, openEventStoreForWriting } from '../stores';

export interface SeedCommandOptions {
  readonly dataDir?: string;
  readonly customers: number;
  readonly years: number;
  readonly seed: number;
  /** End of the simulated period (ISO date); default: the last run's with this seed, else today 00:00 UTC. */
  readonly endDate?: string;
}

interface SeedManifest {
  readonly seed: number;
  readonly endDate: string;
}

/**
 * The end date is part of what a seed generates. It is remembered per seed in the data
 * directory, so that re-running an interrupted seed on another day continues the same data.
 */
function resolveEndDate(dataDir: string, options: SeedCommandOptions): { endDate: string; manifestFile: string } {
  const manifestFile = join(resolve(dataDir), `seed-${options.seed}.json`);
  if (options.endDate !== undefined) return { endDate: new Date(options.endDate).toISOString(), manifestFile };
  if (existsSync(manifestFile)) return { endDate: (JSON.parse(readFileSync(manifestFile, 'utf8')) as SeedManifest).endDate, manifestFile };
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  return { endDate: today.toISOString(), manifestFile };
}

export async function runSeed(options: SeedCommandOptions, ctx: CliContext): Promise<number> {
  const config = cliConfig(ctx.env, options.dataDir);
  const { endDate, manifestFile } = resolveEndDate(config.dataDir, options);
  const demo: DemoDataOptions = { customers: options.customers, years: options.years, seed: options.seed, currency: config.currency, endDate };
  validateDemoOptions(demo);
  const store = await openEventStoreForWriting(config);
  try {
    mkdirSync(resolve(config.dataDir), { recursive: true });
    writeFileSync(`${manifestFile}.tmp`, JSON.stringify({ seed: options.seed, endDate } satisfies SeedManifest));
    renameSync(`${manifestFile}.tmp`, manifestFile);
    const progress = startProgress(ctx, 'seed', options.customers, 'customers');
    const report = await seedDemoData(store, { ...demo, signal: ctx.signal, onProgress: (p) => progress.update(p.customersDone) }).finally(() =>
      progress.stop(),
    );
    const summary = `${report.customers} customers, ${report.commandsWritten} events written, ${report.commandsSkipped} already there (seed ${options.seed}, ${options.years} years up to ${endDate})`;
    if (report.interrupted) {
      ctx.stderr.write(`interrupted after ${summary}; run the same command again to continue\n`);
      return EXIT.interrupted;
    }
    ctx.stdout.write(`seeded ${summary}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
