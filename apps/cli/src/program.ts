import { DATE_FORMATS, parseColumnRef } from '@lifeline/import';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliError, EXIT, type CliContext } from './cli-context';
import { runClvFit } from './commands/clv-fit.command';
import { runExport } from './commands/export.command';
import { runImport } from './commands/import.command';
import { KEY_ROLES, runKeysCreate, runKeysList, runKeysRevoke } from './commands/keys.command';
import { runRebuild } from './commands/rebuild.command';
import { REPLAY_TARGETS, runReplay } from './commands/replay.command';
import { runSeed } from './commands/seed.command';
import { runStatus } from './commands/status.command';
import { runVerify } from './commands/verify.command';
import { lifelineVersion } from './version';

const integer = (what: string, min: number, max = Number.MAX_SAFE_INTEGER) => (text: string) => {
  if (!/^\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) throw new InvalidArgumentError(`${what} must be a whole number from ${min} to ${max}.`);
  return Number(text);
};
const positiveNumber = (text: string) => {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(value > 0)) throw new InvalidArgumentError('must be a positive number.');
  return value;
};
const date = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(Date.parse(text))) throw new InvalidArgumentError('must be an ISO date such as 2025-06-01.');
  return text;
};
const calendarDay = (text: string) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!day || day.toISOString().slice(0, 10) !== text) throw new InvalidArgumentError('must be a calendar day such as 1997-09-30.');
  return text;
};
const rate = (text: string) => {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(value >= 0 && value < 1)) throw new InvalidArgumentError('must be a rate from 0 to below 1, such as 0.1.');
  return value;
};
const column = (text: string) => {
  if (text.trim() === '' || text.trim() === '0') throw new InvalidArgumentError('must be a header name or a position from 1.');
  return parseColumnRef(text);
};

/** The `lifeline` command line; every command is a function of its options and a CliContext. */
export function buildProgram(ctx: CliContext, setExitCode: (code: number) => void): Command {
  const program = new Command('lifeline')
    .description('Lifeline operator CLI: seed demo data, import transactions, export events, status, rebuild and verify read models, fit the CLV model')
    .version(lifelineVersion(), '-V, --version', 'print the version')
    .option('--data-dir <dir>', 'data directory of the embedded stores (default: LIFELINE_DATA_DIR or ./data)')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });

  const seed = program
    .command('seed')
    .description('write a deterministic demo population through the command service (resumable)')
    .requiredOption('--customers <n>', 'number of customers', integer('customers', 1))
    .option('--years <y>', 'customers are acquired over this many years', positiveNumber, 3)
    .option('--seed <s>', 'random seed (same seed, same data)', integer('seed', 0, 0xffffffff), 1)
    .option('--end-date <date>', 'end of the simulated period (default: remembered for this seed, else today)', date);
  seed.action(async () => setExitCode(await runSeed(seed.optsWithGlobals<Parameters<typeof runSeed>[0]>(), ctx)));

  const importer = program
    .command('import')
    .description('import historical purchases from a CSV file (re-importing the same file writes nothing new)')
    .argument('<file>', 'transactions file')
    .option('--customer-column <name|n>', 'customer id column: header name or position from 1', column, 'customer_id')
    .option('--date-column <name|n>', 'date column', column, 'date')
    .option('--amount-column <name|n>', 'amount column (decimal, at most 2 decimals)', column, 'amount')
    .addOption(new Option('--date-format <format>', 'date format').choices(DATE_FORMATS).default('ISO'))
    .option('--delimiter <char>', 'column delimiter, or "whitespace" for space-padded columns', ',')
    .option('--currency <code>', 'currency of the amounts (must be the store currency, LIFELINE_CURRENCY)')
    .option('--header', 'the first line names the columns (default: when columns are given by name)')
    .option('--no-header', 'the first line is data')
    .option('--strict', 'refuse the whole file, writing nothing, if any row is bad')
    .option('--json', 'print the full report (every rejected row) as JSON');
  importer.action(async (file: string) =>
    setExitCode(await runImport({ ...importer.optsWithGlobals<Omit<Parameters<typeof runImport>[0], 'file'>>(), file }, ctx)),
  );

  const exporter = program
    .command('export')
    .description('write stored events as NDJSON (one RecordedEvent per line) to stdout, in position order')
    .option('--customer <id>', "only this customer's events")
    .option('--from <position>', 'only events after this global position', integer('position', 0), 0);
  exporter.action(async () => setExitCode(await runExport(exporter.optsWithGlobals<Parameters<typeof runExport>[0]>(), ctx)));

  const status = program
    .command('status')
    .description('each projection (and the publisher): checkpoint, lag in events and time, live version, rebuilds in progress')
    .option('--json', 'print the status as JSON');
  status.action(async () => setExitCode(await runStatus(status.optsWithGlobals<Parameters<typeof runStatus>[0]>(), ctx)));

  const rebuilder = program
    .command('rebuild')
    .description('rebuild read models blue/green: the live version serves until the new one is swapped in (Ctrl-C resumable)')
    .argument('[projection...]', 'projection names (see `lifeline status`)')
    .option('--all', 'every projection')
    .option('--batch-size <n>', 'commit at least every n events (default 100000; also whenever the memory bound is reached)', integer('batch size', 1, 100_000));
  rebuilder.action(async (projections: string[]) =>
    setExitCode(await runRebuild({ ...rebuilder.optsWithGlobals<Omit<Parameters<typeof runRebuild>[0], 'projections'>>(), projections }, ctx)),
  );

  const verifier = program
    .command('verify')
    .description('fold the event log in memory and compare with the stored read models (exit 1 on any difference)')
    .argument('[projection...]', 'projection names (see `lifeline status`)')
    .option('--all', 'every projection')
    .option('--show <n>', 'differing documents described per projection', integer('show', 0, 10_000), 10)
    .option('--json', 'print the full report as JSON');
  verifier.action(async (projections: string[]) =>
    setExitCode(await runVerify({ ...verifier.optsWithGlobals<Omit<Parameters<typeof runVerify>[0], 'projections'>>(), projections }, ctx)),
  );

  const replayer = program
    .command('replay')
    .description('re-publish customer events after a position to Kafka, for a new or broken consumer (with the HTTP feed: says where to read)')
    .addArgument(new Argument('<target>', 'what to replay').choices(REPLAY_TARGETS))
    .requiredOption('--from <position>', 're-publish events after this global position', integer('position', 0))
    .option('--to <position>', 'last position to re-publish (default: the head when the replay starts)', integer('position', 0))
    .option('--batch-size <n>', 'events per broker request', integer('batch size', 1, 10_000), 500);
  replayer.action(async () => setExitCode(await runReplay(replayer.optsWithGlobals<Parameters<typeof runReplay>[0]>(), ctx)));

  const clv = program.command('clv').description('predicted customer lifetime value');
  const fit = clv
    .command('fit')
    .description('fit BG/NBD + Gamma-Gamma on the purchase histories up to the calibration end, score every customer, store the model (as POST /analytics/clv/model)')
    .requiredOption('--calibration-end <date>', 'last day of the calibration period (YYYY-MM-DD, inclusive, UTC)', calendarDay)
    .addOption(new Option('--time-unit <unit>', 'time unit of the model').choices(['day', 'week', 'month']).default('week'))
    .option('--horizon <n>', 'prediction horizon in time units', integer('horizon', 1, 520), 52)
    .option('--annual-discount-rate <rate>', 'annual discount rate, e.g. 0.1', rate)
    .option('--discount-rate <rate>', 'discount rate per time unit (instead of an annual one)', rate)
    .option('--json', 'print the model as JSON');
  fit.action(async () => setExitCode(await runClvFit(fit.optsWithGlobals<Parameters<typeof runClvFit>[0]>(), ctx)));
  const keys = program.command('keys').description('API keys: create (printed once, stored hashed), list, revoke (docs/security.md)');
  const createKey = keys
    .command('create')
    .description('make an API key for a role and print it once')
    .addOption(new Option('--role <role>', 'what the key may do').choices(KEY_ROLES).makeOptionMandatory())
    .option('--name <name>', 'a name to recognise it by (recorded as the principal key:<name> on events and logs)');
  createKey.action(async () => setExitCode(await runKeysCreate(createKey.optsWithGlobals<Parameters<typeof runKeysCreate>[0]>(), ctx)));
  const listKeys = keys.command('list').description('every key: id, name, role, created, last used (never the key)').option('--json', 'print as JSON');
  listKeys.action(async () => setExitCode(await runKeysList(listKeys.optsWithGlobals<Parameters<typeof runKeysList>[0]>(), ctx)));
  const revokeKey = keys.command('revoke').description('delete a key: requests with it are refused at once').argument('<name-or-id>', 'the key name or id');
  revokeKey.action(async (key: string) => setExitCode(await runKeysRevoke({ ...revokeKey.optsWithGlobals<Parameters<typeof runKeysRevoke>[0]>(), key }, ctx)));

  return program;
}

/** Runs the CLI and returns the exit code; never throws, never prints a stack trace (unless LIFELINE_DEBUG=1). */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(ctx, (code) => (exitCode = code));
  if (argv.length === 0) {
    ctx.stderr.write(program.helpInformation());
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage; // commander already printed one line
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
    ctx.stderr.write(`error: ${message}\n`);
    if (ctx.env.LIFELINE_DEBUG === '1' && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
    return error instanceof CliError ? error.exitCode : EXIT.failure;
  }
}
