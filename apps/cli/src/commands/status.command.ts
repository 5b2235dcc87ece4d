import { CLV_SNAPSHOT_COLLECTIONS } from '@lifeline/analytics/clv';
import { ALL_PROJECTIONS } from '@lifeline/projections/catalog';
import { LAG_COUNT_LIMIT, readStoredStatus, type Lag, type StoredProjectionStatus } from '@lifeline/projections/runtime';
import { EXIT, type CliContext } from '../cli-context';
import { cliConfig, openCliStores } from '../stores';

export interface StatusCommandOptions {
  readonly dataDir?: string;
  readonly json?: boolean;
}

const STATE_LABEL: Record<StoredProjectionStatus['state'], string> = {
  up_to_date: 'up to date',
  behind: 'behind',
  rebuilding: 'rebuilding',
  not_started: 'not started',
  failed: 'FAILED',
};

function age(seconds: number): string {
  if (seconds < 1) return seconds === 0 ? '0s' : '<1s';
  const s = Math.round(seconds);
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172_800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

// Lag is counted up to LAG_COUNT_LIMIT: at the limit it means "at least".
const lagText = (lag: Lag) => [lag.events >= LAG_COUNT_LIMIT ? `>=${lag.events}` : String(lag.events), age(lag.seconds)];

/**
 * A publisher follows the log, so a lag means it is behind; a fitted model is a snapshot taken
 * at its checkpoint and its lag only counts the events since (refit: POST /analytics/clv/model).
 */
const otherState = (name: string, lag: Lag) => (CLV_SNAPSHOT_COLLECTIONS.includes(name) ? 'fitted' : lag.events > 0 ? 'behind' : 'up to date');

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n') + '\n';
}

/**
 * Every projection's stored checkpoint against the head of the log, and any other checkpoint
 * the read store keeps (the publishers', the fitted lifetime-value model's). Reads the stores only, so it works beside a running
 * API or projector.
 */
export async function runStatus(options: StatusCommandOptions, ctx: CliContext): Promise<number> {
  const stores = await openCliStores(cliConfig(ctx.env, options.dataDir));
  try {
    const status = await readStoredStatus(stores.eventStore, stores.readStore, ALL_PROJECTIONS);
    if (options.json) {
      ctx.stdout.write(`${JSON.stringify({ checkedAt: new Date().toISOString(), ...status })}\n`);
      return EXIT.ok;
    }
    const rows = [
      ['NAME', 'STATE', 'CHECKPOINT', 'LAG', 'LAG AGE', 'LIVE', 'DOCUMENTS', 'REBUILD'],
      ...status.projections.map((p) => [
        p.name,
        STATE_LABEL[p.state],
        String(p.checkpoint),
        ...lagText(p.lag),
        p.liveVersion ? `v${p.liveVersion}` : '-',
        String(p.documents),
        p.rebuild ? `v${p.rebuild.version} at ${p.rebuild.checkpoint} (${p.rebuild.percent}%)` : '-',
      ]),
      ...status.others.map((o) => [o.name, otherState(o.name, o.lag), String(o.checkpoint), ...lagText(o.lag), '-', '-', '-']),
    ];
    const failures = status.projections.flatMap((p) =>
      p.failure ? [`${p.name} failed after position ${p.failure.checkpoint} at ${p.failure.failedAt}: ${p.failure.reason}\n`] : [],
    );
    ctx.stdout.write(`head position ${status.headPosition}\n${table(rows)}${failures.length > 0 ? `\n${failures.join('')}(recovery: docs/runbook.md, "A projection failed")\n` : ''}`);
    return EXIT.ok;
  } finally {
    await stores.close();
  }
}
