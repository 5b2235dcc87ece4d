import { CustomerCommandService, eventIdFor, RuleViolationError } from '@lifeline/customers/application';
import {
  CURRENCY_CODE,
  customerDecider,
  customerStreamId,
  foldCustomerEvents,
  isRuleViolation,
  upcastCustomerEvent,
  type CustomerCommand,
  type CustomerEvent,
  type CustomerState,
  type RuleName,
} from '@lifeline/customers/domain';
import {
  appendBatch,
  whileBulkAppending,
  WrongExpectedRevisionError,
  type EventStore,
  type ExpectedRevision,
  type StreamAppend,
} from '@lifeline/event-store/port';
import type { Readable } from 'node:stream';
import { RowsByCustomer } from './rows-by-customer';
import { readTransactions, TransactionFileError, type RejectedRow, type TransactionCsvOptions, type TransactionRow } from './transactions-csv';

export interface ImportOptions extends TransactionCsvOptions {
  /** ISO 4217 code of the amounts; must be the currency the store books in. */
  readonly currency: string;
  /** Refuse the whole file, writing nothing, if any row is bad. */
  readonly strict?: boolean;
  /** Stops between customers; what was imported stays, and a re-run continues. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** `issuedAt` of the commands (default: now). */
  readonly now?: Date;
}

export interface ImportProgress {
  readonly customersDone: number;
  readonly customersTotal: number;
}

export interface ImportReport {
  /** Data rows in the file. */
  readonly rows: number;
  /** Rows written as new purchases. */
  readonly imported: number;
  /** Rows already in the store (an earlier import of the same rows): skipped, not errors. */
  readonly duplicates: number;
  readonly rejected: RejectedRow[];
  /** Distinct customers among the valid rows, and how many of them are new. */
  readonly customers: number;
  readonly newCustomers: number;
  /** Set when nothing or only part was written: strict mode found bad rows, or the run was interrupted. */
  readonly aborted?: 'strict' | 'interrupted';
}

/** Rules that mean "this is already in the store", so re-importing a file writes nothing new. */
const ALREADY_IMPORTED: readonly RuleName[] = ['customer_already_exists', 'order_id_not_unique'];

export interface PlannedCommand {
  readonly command: CustomerCommand;
  /** What the decider decided for it, on the state left by the commands before it. */
  readonly events: readonly CustomerEvent[];
  /** The file line of a purchase; none for the acquisition. */
  readonly line?: number;
}

export interface CustomerImportPlan {
  readonly customerId: string;
  readonly commands: PlannedCommand[];
  readonly duplicates: number;
  readonly rejected: RejectedRow[];
  readonly isNew: boolean;
}

/**
 * Order ids are derived from the file alone: `imp-<customer>-<YYYYMMDD>-<n>` for the n-th row
 * of that customer on that day, in file order. Re-importing the file (or a longer version of
 * it with rows appended) gives the same ids, and same-day rows stay separate purchases.
 */
export function assignOrderIds(rows: readonly TransactionRow[]): Map<TransactionRow, string> {
  const seen = new Map<string, number>();
  const ids = new Map<TransactionRow, string>();
  for (const row of rows) {
    const key = `${row.customerId}\u0000${row.day}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    ids.set(row, `imp-${row.customerId}-${row.day}-${n}`);
  }
  return ids;
}

/**
 * What importing one customer's rows would do, decided by the real rules against the
 * customer's current state: acquisition at the first purchase (if new), then each purchase
 * in business-time order. Pure; the writer then sends exactly these commands.
 */
export function planCustomerImport(
  customerId: string,
  rows: ReadonlyArray<TransactionRow & { readonly orderId: string }>,
  current: CustomerState,
  options: { currency: string; issuedAt: string },
): CustomerImportPlan {
  const decider = customerDecider({ currency: options.currency });
  // Same-format ISO UTC strings order as their instants; the sort is stable: file order on ties.
  const ordered = [...rows].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  const plan = { customerId, commands: [] as PlannedCommand[], duplicates: 0, rejected: [] as RejectedRow[], isNew: current.status === 'unknown' };
  let state = current;
  const attempt = (command: CustomerCommand, line?: number) => {
    const decision = decider.decide(command, state);
    if (isRuleViolation(decision)) return decision;
    // The state is carried from row to row, never re-read: with O(1) evolve a customer's n rows cost O(n).
    for (const event of decision) state = decider.evolve(state, event);
    plan.commands.push({ command, events: decision, ...(line !== undefined && { line }) });
    return undefined;
  };
  if (ordered.length > 0 && plan.isNew) {
    attempt({
      type: 'AcquireCustomer',
      customerId,
      issuedAt: options.issuedAt,
      occurredAt: ordered[0].occurredAt,
      payload: { name: customerId, acquisitionChannel: 'other' },
    });
  }
  for (const row of ordered) {
    const violation = attempt(
      {
        type: 'RecordPurchase',
        customerId,
        issuedAt: options.issuedAt,
        occurredAt: row.occurredAt,
        payload: { orderId: row.orderId, amount: row.amount, currency: options.currency },
      },
      row.line,
    );
    if (!violation) continue;
    if (ALREADY_IMPORTED.includes(violation.rule)) plan.duplicates++;
    else plan.rejected.push({ line: row.line, reason: `${violation.rule}: ${violation.message}` });
  }
  // A new customer none of whose purchases could be booked is not acquired either.
  if (plan.isNew && !plan.commands.some((c) => c.command.type === 'RecordPurchase')) plan.commands.length = 0;
  return plan;
}

/**
 * A batch is written when it holds this many customers or events, whichever comes first: one
 * transaction each. Larger batches commit less often (each commit rewrites the index pages it
 * touched, and a million events' random event ids touch the whole index), but what a batch
 * holds while it is planned, encrypted and serialised is promoted to the old heap generation:
 * with the writer thread taking the commits off this thread, 10,000 measured both less CPU
 * and a lower peak RSS than 25,000 (500,000 rows: 512 MB against 615 MB; 5,000: 467 MB). The
 * first batches are small and double, so that a short import commits, and shows, its first
 * customers soon.
 */
const BATCH_CUSTOMERS = 20_000;
const BATCH_EVENTS = 10_000;
const FIRST_BATCH_EVENTS = 5_000;
const EVENTS_PER_APPEND = 1_000;
/**
 * Batches handed to the store and not yet committed. On SQLite a writer thread inserts them
 * while this thread plans the next; two keep it busy, and bound what waits in memory.
 */
const BATCHES_IN_FLIGHT = 2;

/** The idempotency key of an imported command: its event ids derive from it, so a re-run writes the same ids. */
function idempotencyKeyOf(command: CustomerCommand): string {
  return command.type === 'RecordPurchase' ? `import:${command.payload.orderId}` : `import:acquire:${command.customerId}`;
}

/** Order ids of one customer's rows (given in file order): the n-th row of the customer on a day, as assignOrderIds. */
function withOrderIds(rows: readonly TransactionRow[]): Array<TransactionRow & { orderId: string }> {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const n = (seen.get(row.day) ?? 0) + 1;
    seen.set(row.day, n);
    return { ...row, orderId: `imp-${row.customerId}-${row.day}-${n}` };
  });
}

interface PlannedCustomer {
  readonly plan: CustomerImportPlan;
  readonly expectedRevision: ExpectedRevision;
}

/**
 * Imports historical purchases. The file is streamed once; its valid rows are kept compactly
 * and grouped by customer (a file need not be sorted). Each customer's rows are decided by the
 * real rules against the customer's stored history, the state carried from row to row, and
 * many customers' events are appended in one batch (one transaction on SQLite). Bad rows are
 * reported with their line and skipped (or, with `strict`, abort the import before anything is
 * written). Rows already in the store are counted as duplicates. Event ids derive from the
 * rows, so a run interrupted at any point — even killed — can simply be repeated.
 */
export async function importTransactions(input: Readable | string, options: ImportOptions, eventStore: EventStore): Promise<ImportReport> {
  if (!CURRENCY_CODE.test(options.currency)) throw new TransactionFileError(`currency must be an ISO 4217 code like EUR (got ${options.currency})`);
  const rows = new RowsByCustomer();
  const rejected: RejectedRow[] = [];
  let total = 0;
  for await (const slice of readTransactions(input, options)) {
    for (const item of slice) {
      total++;
      if ('reason' in item) rejected.push(item);
      else rows.add(item);
    }
  }
  const report = (imported: number, duplicates: number, newCustomers: number, aborted?: ImportReport['aborted']): ImportReport => ({
    rows: total,
    imported,
    duplicates,
    rejected: rejected.sort((a, b) => a.line - b.line),
    customers: rows.customers,
    newCustomers,
    ...(aborted && { aborted }),
  });
  if (options.strict && rejected.length > 0) return report(0, 0, 0, 'strict');

  const issuedAt = (options.now ?? new Date()).toISOString();
  const decider = customerDecider({ currency: options.currency });
  const plan = async (customerId: string, customerRows: readonly TransactionRow[]): Promise<PlannedCustomer> => {
    const recorded = await eventStore.readStream(customerStreamId(customerId));
    const state = foldCustomerEvents(recorded.map((event) => upcastCustomerEvent(event)), decider.initialState());
    return {
      plan: planCustomerImport(customerId, withOrderIds(customerRows), state, { currency: options.currency, issuedAt }),
      expectedRevision: recorded.length === 0 ? 'no_stream' : recorded.at(-1)!.revision,
    };
  };

  // Strict: decide everything first, so that a row the rules refuse stops the import before any write.
  if (options.strict) {
    const refused: RejectedRow[] = [];
    for (const { customerId, rows: customerRows } of rows.byCustomer()) refused.push(...(await plan(customerId, customerRows)).plan.rejected);
    if (refused.length > 0) {
      rejected.push(...refused);
      return report(0, 0, 0, 'strict');
    }
  }

  const counts = { imported: 0, duplicates: 0, newCustomers: 0 };
  const writer = new BatchWriter(eventStore, options.currency, counts, rejected);
  return whileBulkAppending(eventStore, async () => {
    let customersDone = 0;
    for (const { customerId, rows: customerRows } of rows.byCustomer()) {
      if (options.signal?.aborted) {
        await writer.flush();
        await writer.drain();
        return report(counts.imported, counts.duplicates, counts.newCustomers, 'interrupted');
      }
      const planned = await plan(customerId, customerRows);
      rejected.push(...planned.plan.rejected);
      counts.duplicates += planned.plan.duplicates;
      writer.add(planned);
      if (writer.full) await writer.flush();
      customersDone++;
      options.onProgress?.({ customersDone, customersTotal: rows.customers });
    }
    await writer.flush();
    await writer.drain();
    return report(counts.imported, counts.duplicates, counts.newCustomers);
  });
}

/**
 * A planned customer as held until its batch is written: the appends, and the commands
 * (without their decided events) in case the batch must be written again command by command.
 * Kept lean on purpose: a batch holds up to BATCH_EVENTS events.
 */
interface PendingCustomer {
  readonly appends: StreamAppend[];
  readonly commands: PendingCommands;
}

type PendingCommands = ReadonlyArray<{ readonly command: CustomerCommand; readonly line?: number }>;

/** A batch handed to the store: only its commands are kept (for a retry); `outcome` is the error, if any, and never rejects. */
interface BatchInFlight {
  readonly customers: PendingCommands[];
  readonly outcome: Promise<unknown>;
}

/**
 * Collects planned customers and appends their events in batches, up to BATCHES_IN_FLIGHT of
 * them at once: a batch is committed whole or not at all, so whatever settles first, a re-run
 * finds every customer either written or not.
 */
class BatchWriter {
  private pending: PendingCustomer[] = [];
  private pendingEvents = 0;
  private batchEvents = FIRST_BATCH_EVENTS;
  private inFlight: BatchInFlight[] = [];
  private readonly service: CustomerCommandService;

  constructor(
    private readonly eventStore: EventStore,
    currency: string,
    private readonly counts: { imported: number; duplicates: number; newCustomers: number },
    private readonly rejected: RejectedRow[],
  ) {
    this.service = new CustomerCommandService(eventStore, { currency, stateCacheEvents: 0 });
  }

  add(planned: PlannedCustomer): void {
    if (planned.plan.commands.length === 0) return;
    const appends = toStreamAppends(planned);
    this.pending.push({ appends, commands: planned.plan.commands.map(({ command, line }) => (line === undefined ? { command } : { command, line })) });
    for (const append of appends) this.pendingEvents += append.events.length;
  }

  get full(): boolean {
    return this.pending.length >= BATCH_CUSTOMERS || this.pendingEvents >= this.batchEvents;
  }

  /** Hands the collected customers to the store as one batch; waits only while BATCHES_IN_FLIGHT are already in flight. */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.pendingEvents = 0;
    if (batch.length > 0) {
      this.batchEvents = Math.min(this.batchEvents * 2, BATCH_EVENTS);
      const outcome = appendBatch(
        this.eventStore,
        batch.flatMap((customer) => customer.appends),
      ).then(
        () => undefined,
        (error: unknown) => error ?? new Error('batch append failed'),
      );
      this.inFlight.push({ customers: batch.map((customer) => customer.commands), outcome });
    }
    while (this.inFlight.length > BATCHES_IN_FLIGHT) await this.settleOldest();
  }

  /** Waits until every batch handed over is committed (or written again one by one). */
  async drain(): Promise<void> {
    while (this.inFlight.length > 0) await this.settleOldest();
  }

  private async settleOldest(): Promise<void> {
    const { customers, outcome } = this.inFlight.shift()!;
    const error = await outcome;
    if (error === undefined) {
      for (const commands of customers) this.countWritten(commands);
      return;
    }
    if (!(error instanceof WrongExpectedRevisionError)) {
      // Each batch is one transaction: those already handed over commit or fail whole. Wait for them, then stop.
      const later = this.inFlight;
      this.inFlight = [];
      await Promise.all(later.map((batch) => batch.outcome));
      throw error;
    }
    // Someone else wrote to one of these customers since it was planned: command by command, the rules decide again
    // (after the batches still in flight, so that these writes do not queue behind them for the write lock).
    await this.drain();
    for (const commands of customers) await this.writeOneByOne(commands);
  }

  private countWritten(commands: PendingCommands): void {
    for (const { command } of commands) {
      if (command.type === 'RecordPurchase') this.counts.imported++;
      else this.counts.newCustomers++;
    }
  }

  private async writeOneByOne(commands: PendingCommands): Promise<void> {
    for (const { command, line } of commands) {
      try {
        await this.service.execute(command, { actor: 'import', principal: 'system:import', idempotencyKey: idempotencyKeyOf(command) });
        if (command.type === 'RecordPurchase') this.counts.imported++;
        else this.counts.newCustomers++;
      } catch (error) {
        if (!(error instanceof RuleViolationError)) throw error;
        if (ALREADY_IMPORTED.includes(error.violation.rule)) {
          if (line !== undefined) this.counts.duplicates++;
        } else if (line !== undefined) {
          this.rejected.push({ line, reason: `${error.violation.rule}: ${error.violation.message}` });
        }
      }
    }
  }
}

/**
 * A customer's events as appends of at most EVENTS_PER_APPEND events, each expecting the
 * revision the one before leaves: one customer's 10,000 purchases stay under EventStoreDB's
 * 1 MB append limit (in one SQLite batch they still commit together).
 */
function toStreamAppends({ plan, expectedRevision }: PlannedCustomer): StreamAppend[] {
  const streamId = customerStreamId(plan.customerId);
  const metadata = { actor: 'import', principal: 'system:import' };
  const events = plan.commands.flatMap(({ command, events: decided }) => {
    const derivation = { idempotencyKey: idempotencyKeyOf(command), commandType: command.type, streamId };
    return decided.map((event, index) => ({
      eventId: eventIdFor(index, derivation),
      type: event.type,
      schemaVersion: event.schemaVersion,
      occurredAt: event.occurredAt,
      data: event.data as unknown as Record<string, unknown>, // serialised by the store, never kept
      metadata,
    }));
  });
  const appends: StreamAppend[] = [];
  let revision = expectedRevision === 'no_stream' ? -1 : (expectedRevision as number);
  for (let from = 0; from < events.length; from += EVENTS_PER_APPEND) {
    const chunk = events.slice(from, from + EVENTS_PER_APPEND);
    appends.push({ streamId, events: chunk, expectedRevision: revision < 0 ? 'no_stream' : revision });
    revision += chunk.length;
  }
  return appends;
}
