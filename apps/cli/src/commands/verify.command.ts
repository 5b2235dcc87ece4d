import { verifyProjection, type DocumentMismatch, type VerifyReport } from '@lifeline/projections/runtime';
import { UnknownCollectionError } from '@lifeline/read-store/port';
import { CliError, EXIT, type CliContext } from '../cli-context';
import { selectProjections } from '../projection-selection';
import { cliConfig, openCliStores } from '../stores';

export interface VerifyCommandOptions {
  readonly dataDir?: string;
  readonly projections: readonly string[];
  readonly all?: boolean;
  /** Mismatches described per projection (the counts are always complete). */
  readonly show: number;
  readonly json?: boolean;
}

const VALUE_WIDTH = 60;

function shown(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > VALUE_WIDTH ? `${text.slice(0, VALUE_WIDTH - 1)}…` : text;
}

function describe(mismatch: DocumentMismatch): string[] {
  if (mismatch.kind !== 'differing') return [`  ${mismatch.kind} ${mismatch.id}`];
  return [`  differing ${mismatch.id}`, ...(mismatch.fields ?? []).map((f) => `    ${f.path}: stored ${shown(f.stored)}, expected ${shown(f.expected)}`)];
}

function summary(report: VerifyReport): string {
  const where = `v${report.storeVersion} at position ${report.position}`;
  if (report.equal) return `${report.projection}: equal (${report.expectedDocuments} documents, ${where})`;
  const total = report.missing + report.extra + report.differing;
  return `${report.projection}: ${total} documents differ (${report.missing} missing, ${report.extra} extra, ${report.differing} differing; ${where})`;
}

function more(report: VerifyReport): string[] {
  const hidden = report.missing + report.extra + report.differing - report.examples.length;
  return hidden > 0 ? [`  … and ${hidden} more (--show N lists more)`] : [];
}

/**
 * Folds the log in memory and compares it with the stored live documents at the stored
 * checkpoint. Exit 0 when every projection matches, 1 when any differs.
 */
export async function runVerify(options: VerifyCommandOptions, ctx: CliContext): Promise<number> {
  const projections = selectProjections(options.projections, options.all);
  const stores = await openCliStores(cliConfig(ctx.env, options.dataDir));
  const reports: VerifyReport[] = [];
  try {
    for (const projection of projections) {
      try {
        reports.push(await verifyProjection(projection, { eventStore: stores.eventStore, readStore: stores.readStore, maxExamples: options.show, signal: ctx.signal }));
      } catch (error) {
        if (error instanceof UnknownCollectionError) {
          throw new CliError(`${projection.name} has no stored read model yet; start the projector or run \`lifeline rebuild ${projection.name}\``);
        }
        if (ctx.signal.aborted) return EXIT.interrupted;
        throw error;
      }
    }
  } finally {
    await stores.close();
  }
  if (options.json) ctx.stdout.write(`${JSON.stringify({ equal: reports.every((r) => r.equal), projections: reports })}\n`);
  else for (const report of reports) ctx.stdout.write([summary(report), ...report.examples.flatMap(describe), ...more(report), ''].join('\n'));
  return reports.every((r) => r.equal) ? EXIT.ok : EXIT.failure;
}
