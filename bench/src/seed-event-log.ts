/**
 * Fills a SQLite event store with exactly `events` events over exactly `customers` customers,
 * fast: commands come from the demo-data generator (realistic mix and business rules), are
 * decided in memory by the domain's own decider and appended through the EventStore port,
 * skipping the HTTP layer and the per-command stream re-read of CustomerCommandService.
 */
import { randomUUID } from 'node:crypto';
import { generateCustomerHistory, type DemoDataOptions } from '@lifeline/demo-data';
import {
  customerStreamId,
  decide,
  evolve,
  initialCustomerState,
  isRuleViolation,
  type CustomerCommand,
  type CustomerEvent,
  type CustomerState,
} from '@lifeline/customers/domain';
import type { EventToAppend } from '@lifeline/event-store/port';
import type { SqliteEventStore } from '@lifeline/event-store/sqlite';

export interface SeedEventLogOptions {
  readonly events: number;
  readonly customers: number;
  readonly seed?: number;
  /** Called after each chunk of customers. */
  readonly onProgress?: (eventsWritten: number) => void;
}

export interface SeedEventLogReport {
  readonly events: number;
  readonly customers: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Every customer id written, in generation order (for query sampling). */
  readonly customerIds: readonly string[];
}

const CURRENCY = 'EUR';
const END_DATE = '2025-06-01T00:00:00.000Z';
/** Long enough that the average demo history exceeds the usual 10 events per customer; longer ones are cut. */
const YEARS = 6;
/** Customers whose events are interleaved by business time, so a batch touches many documents as in a real log. */
const CHUNK_CUSTOMERS = 2_000;
const METADATA = { actor: 'bench', correlationId: 'bench-seed' };

interface Pending {
  readonly streamId: string;
  readonly revision: number;
  readonly event: CustomerEvent;
}

export class SeedEventLogError extends Error {}

export async function seedEventLog(eventStore: SqliteEventStore, options: SeedEventLogOptions): Promise<SeedEventLogReport> {
  const { events, customers } = options;
  if (!Number.isSafeInteger(customers) || customers < 1) throw new SeedEventLogError(`customers must be a positive integer (got ${customers})`);
  if (!Number.isSafeInteger(events) || events < customers) throw new SeedEventLogError(`events must be an integer >= customers (got ${events})`);
  if ((await eventStore.headPosition()) !== 0) throw new SeedEventLogError('the event store must be empty');
  const demo: DemoDataOptions = { customers, years: YEARS, seed: options.seed ?? 20250601, currency: CURRENCY, endDate: END_DATE };

  const started = performance.now();
  const customerIds: string[] = [];
  let written = 0;
  for (let first = 0; first < customers; first += CHUNK_CUSTOMERS) {
    const chunk: Pending[] = [];
    for (let index = first; index < Math.min(first + CHUNK_CUSTOMERS, customers); index++) {
      // Each customer may use what the customers before it left of an even share, so short histories don't shrink the total.
      const allowance = Math.floor((events * (index + 1)) / customers) - written - chunk.length;
      const history = generateCustomerHistory(demo, index);
      customerIds.push(history.customerId);
      const commands = history.commands.slice(0, allowance);
      if (index === customers - 1) commands.push(...topUp(history.customerId, commands, allowance - commands.length));
      chunk.push(...decideAll(customerStreamId(history.customerId), commands));
    }
    chunk.sort((x, y) => (x.event.occurredAt < y.event.occurredAt ? -1 : x.event.occurredAt > y.event.occurredAt ? 1 : 0));
    await appendInOneTransaction(eventStore, chunk);
    written += chunk.length;
    options.onProgress?.(written);
  }
  if (written !== events) throw new SeedEventLogError(`wrote ${written} events, not ${events}`);
  const seconds = (performance.now() - started) / 1000;
  return { events: written, customers, seconds, eventsPerSecond: written / seconds, customerIds };
}

/**
 * One append per event through the port, all inside one outer SQLite transaction: each append
 * becomes a savepoint, so the chunk costs one commit instead of thousands. This leans on the
 * adapter's appends running synchronously (better-sqlite3), which is what makes it safe.
 */
async function appendInOneTransaction(eventStore: SqliteEventStore, chunk: readonly Pending[]): Promise<void> {
  const appends: Promise<unknown>[] = [];
  eventStore.database.transaction(() => {
    for (const { streamId, revision, event } of chunk) {
      appends.push(eventStore.appendToStream(streamId, [toAppend(event)], { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 }));
    }
  })();
  await Promise.all(appends);
}

/** The decider's events for one customer's commands; a rule violation here is a generator bug. */
function decideAll(streamId: string, commands: readonly CustomerCommand[]): Pending[] {
  let state: CustomerState = initialCustomerState();
  const out: Pending[] = [];
  for (const command of commands) {
    const decision = decide(command, state, { currency: CURRENCY });
    if (isRuleViolation(decision)) throw new SeedEventLogError(`${command.customerId}: ${decision.message}`);
    for (const event of decision) {
      out.push({ streamId, revision: out.length, event });
      state = evolve(state, event);
    }
  }
  return out;
}

/** The last customer absorbs any shortfall with follow-up contacts (valid in any state after acquisition). */
function topUp(customerId: string, commands: readonly CustomerCommand[], missing: number): CustomerCommand[] {
  const last = commands.at(-1)!;
  return Array.from({ length: missing }, (_, i) => ({
    type: 'RecordContact',
    customerId,
    issuedAt: last.issuedAt,
    occurredAt: last.occurredAt ?? last.issuedAt,
    payload: { contactId: `bench-top-up-${i + 1}`, channel: 'email', direction: 'outbound', topic: 'follow-up' },
  }));
}

function toAppend(event: CustomerEvent): EventToAppend {
  return { eventId: randomUUID(), type: event.type, schemaVersion: event.schemaVersion, occurredAt: event.occurredAt, data: { ...event.data }, metadata: METADATA };
}
