import { importTransactions, TransactionFileError, validateCsvOptions, type ColumnRef, type DateFormat } from '@lifeline/import';
import { createReadStream, existsSync } from 'node:fs';
import { CliError, EXIT, type CliContext } from '../cli-context';
import { startProgress } from '../progress';
import { cliConfig, openEventStoreForWriting } from '../stores';

export interface ImportCommandOptions {
  readonly dataDir?: string;
  readonly file: string;
  readonly customerColumn: ColumnRef;
  readonly dateColumn: ColumnRef;
  readonly amountColumn: ColumnRef;
  readonly dateFormat: DateFormat;
  readonly delimiter: string;
  /** Must match the store's currency (LIFELINE_CURRENCY); defaults to it. */
  readonly currency?: string;
  readonly header?: boolean;
  readonly strict?: boolean;
  /** Print the whole report as JSON on stdout instead of a summary. */
  readonly json?: boolean;
}

/** Rejected rows listed on stderr before "... and N more". */
const REJECTED_SHOWN = 20;

export async function runImport(options: ImportCommandOptions, ctx: CliContext): Promise<number> {
  const config = cliConfig(ctx.env, options.dataDir);
  const currency = options.currency ?? config.currency;
  if (currency !== config.currency) {
    throw new CliError(`the store books purchases in ${config.currency}, not ${currency}; set LIFELINE_CURRENCY=${currency} if this data directory is in ${currency}`, EXIT.usage);
  }
  try {
    validateCsvOptions(options);
  } catch (error) {
    if (error instanceof TransactionFileError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
  if (!existsSync(options.file)) throw new CliError(`no such file: ${options.file}`);
  const store = await openEventStoreForWriting(config);
  const progress = startProgress(ctx, 'import', 0, 'customers');
  try {
    const report = await importTransactions(
      createReadStream(options.file),
      {
        customerColumn: options.customerColumn,
        dateColumn: options.dateColumn,
        amountColumn: options.amountColumn,
        dateFormat: options.dateFormat,
        delimiter: options.delimiter,
        currency,
        ...(options.header !== undefined && { header: options.header }),
        strict: options.strict ?? false,
        signal: ctx.signal,
        onProgress: (p) => progress.update(p.customersDone, p.customersTotal),
      },
      store,
    )
      .catch((error: unknown) => {
        throw whyTheImportStopped(error);
      })
      .finally(() => progress.stop());

    for (const { line, reason } of report.rejected.slice(0, REJECTED_SHOWN)) ctx.stderr.write(`line ${line}: ${reason}\n`);
    if (report.rejected.length > REJECTED_SHOWN) ctx.stderr.write(`... and ${report.rejected.length - REJECTED_SHOWN} more rejected rows (--json lists all)\n`);
    const summary = `${report.rows} rows: ${report.imported} imported, ${report.duplicates} already imported, ${report.rejected.length} rejected; ${report.customers} customers (${report.newCustomers} new)`;
    if (options.json) ctx.stdout.write(`${JSON.stringify(report)}\n`);

    if (report.aborted === 'strict') {
      ctx.stderr.write(`strict import refused: ${report.rejected.length} bad rows, nothing written\n`);
      return EXIT.failure;
    }
    if (report.aborted === 'interrupted') {
      ctx.stderr.write(`interrupted (${summary} so far); run the same command again to continue\n`);
      return EXIT.interrupted;
    }
    if (!options.json) ctx.stdout.write(`${summary}\n`);
    return report.rejected.length > 0 ? EXIT.rowsRejected : EXIT.ok;
  } finally {
    await store.close();
  }
}

/**
 * A failure while writing (the event store's file locked by another process for longer than
 * its busy timeout, the disk full, the writer thread gone) as one line that says what is safe:
 * every batch is one transaction, so the customers written are whole and a re-run continues.
 */
function whyTheImportStopped(error: unknown): unknown {
  if (error instanceof TransactionFileError || error instanceof CliError) return error;
  const reason = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
  return new CliError(`import stopped: ${reason}; what was written is whole (one transaction per batch): run the same command again to continue`);
}
