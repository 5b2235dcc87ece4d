import { CustomerCommandService, RuleViolationError } from '@lifeline/customers/application';
import {
  CURRENCY_CODE,
  customerDecider,
  customerStreamId,
  isRuleViolation,
  upcastCustomerEvent,
  type CustomerCommand,
  type CustomerState,
  type RuleName,
} from '@lifeline/customers/domain';
import type { EventStore } from '@lifeline/event-store/port';
import type { Readable } from 'node:stream';
import { parseTransactionsCsv, TransactionFileError, type RejectedRow, type TransactionCsvOptions, type TransactionRow } from './transactions-csv';

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
  rows: readonly TransactionRow[],
  orderIds: ReadonlyMap<TransactionRow, string>,
  current: CustomerState,
  options: { currency: string; issuedAt: string },
): CustomerImportPlan {
  const decider = customerDecider({ currency: options.currency });
  const ordered = [...rows].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt)); // stable: file order on ties
  const plan = { customerId, commands: [] as PlannedCommand[], duplicates: 0, rejected: [] as RejectedRow[], isNew: current.status === 'unknown' };
  let state = current;
  const attempt = (command: CustomerCommand, line?: number) => {
    const decision = decider.decide(command, state);
    if (isRuleViolation(decision)) return decision;
    for (const event of decision) state = decider.evolve(state, event);
    plan.commands.push({ command, ...(line !== undefined && { line }) });
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
        payload: { orderId: orderIds.get(row)!, amount: row.amount, currency: options.currency },
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
 * Imports historical purchases. Bad rows are reported with their line and skipped (or, with
 * `strict`, abort the import before anything is written). Rows already imported are counted
 * as duplicates. Every command goes through the CustomerCommandService with an idempotency
 * key, so a run interrupted at any point can simply be repeated.
 */
export async function importTransactions(input: Readable | string, options: ImportOptions, eventStore: EventStore): Promise<ImportReport> {
  if (!CURRENCY_CODE.test(options.currency)) throw new TransactionFileError(`currency must be an ISO 4217 code like EUR (got ${options.currency})`);
  const parsed = await parseTransactionsCsv(input, options);
  const rejected = [...parsed.rejected];
  const byCustomer = new Map<string, TransactionRow[]>();
  for (const row of parsed.rows) {
    const list = byCustomer.get(row.customerId);
    if (list) list.push(row);
    else byCustomer.set(row.customerId, [row]);
  }
  const report = (imported: number, duplicates: number, newCustomers: number, aborted?: ImportReport['aborted']): ImportReport => ({
    rows: parsed.total,
    imported,
    duplicates,
    rejected: rejected.sort((a, b) => a.line - b.line),
    customers: byCustomer.size,
    newCustomers,
    ...(aborted && { aborted }),
  });
  if (options.strict && rejected.length > 0) return report(0, 0, 0, 'strict');

  const orderIds = assignOrderIds(parsed.rows);
  const issuedAt = (options.now ?? new Date()).toISOString();
  const service = new CustomerCommandService(eventStore, { currency: options.currency });
  const plan = async (customerId: string, rows: TransactionRow[]) => {
    const recorded = await eventStore.readStream(customerStreamId(customerId));
    const decider = customerDecider({ currency: options.currency });
    const state = recorded.map((event) => upcastCustomerEvent(event)).reduce(decider.evolve, decider.initialState());
    return planCustomerImport(customerId, rows, orderIds, state, { currency: options.currency, issuedAt });
  };

  // Strict: decide everything first, so that a row the rules refuse stops the import before any write.
  let plans: CustomerImportPlan[] | undefined;
  if (options.strict) {
    plans = [];
    for (const [customerId, rows] of byCustomer) plans.push(await plan(customerId, rows));
    for (const p of plans) rejected.push(...p.rejected);
    if (rejected.length > 0) return report(0, 0, 0, 'strict');
  }

  let imported = 0;
  let duplicates = 0;
  let newCustomers = 0;
  let customersDone = 0;
  const customerIds = [...byCustomer.keys()];
  for (const customerId of customerIds) {
    if (options.signal?.aborted) return report(imported, duplicates, newCustomers, 'interrupted');
    const customerPlan = plans ? plans[customersDone] : await plan(customerId, byCustomer.get(customerId)!);
    if (!plans) rejected.push(...customerPlan.rejected);
    duplicates += customerPlan.duplicates;
    for (const { command, line } of customerPlan.commands) {
      const key = command.type === 'RecordPurchase' ? `import:${command.payload.orderId}` : `import:acquire:${customerId}`;
      try {
        await service.execute(command, { actor: 'import', principal: 'system:import', idempotencyKey: key });
        if (command.type === 'RecordPurchase') imported++;
        else newCustomers++;
      } catch (error) {
        // Someone else wrote to this customer between planning and writing: the rules decide again.
        if (!(error instanceof RuleViolationError)) throw error;
        if (ALREADY_IMPORTED.includes(error.violation.rule)) {
          if (line !== undefined) duplicates++;
        } else if (line !== undefined) {
          rejected.push({ line, reason: `${error.violation.rule}: ${error.violation.message}` });
        }
      }
    }
    customersDone++;
    options.onProgress?.({ customersDone, customersTotal: customerIds.length });
  }
  return report(imported, duplicates, newCustomers);
}
