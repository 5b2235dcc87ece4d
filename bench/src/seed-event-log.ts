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
/** About 10.4 events per demo customer on average: close to the 10, so few histories are cut or padded. */
const YEARS = 3.5;
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
  const lengths = Array.from({ length: customers }, (_, index) => generateCustomerHistory(demo, index).commands.length);
  const quota = eventsPerCustomer(lengths, events);
  const customerIds: string[] = [];
  let written = 0;
  for (let first = 0; first < customers; first += CHUNK_CUSTOMERS) {
    const chunk: Pending[] = [];
    for (let index = first; index < Math.min(first + CHUNK_CUSTOMERS, customers); index++) {
      const history = generateCustomerHistory(demo, index);
      customerIds.push(history.customerId);
      const commands = history.commands.slice(0, quota[index]);
      commands.push(...topUp(history.customerId, commands, quota[index]! - commands.length));
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

/**
 * Events per customer summing to exactly `events`. Too many: only the longest histories are cut
 * (their tails: churns come late, so cutting many histories would leave old customers active).
 * Too few: every customer gets an even share of extra contacts.
 */
export function eventsPerCustomer(lengths: readonly number[], events: number): number[] {
  const total = lengths.reduce((sum, n) => sum + n, 0);
  if (total <= events) {
    const extra = events - total;
    return lengths.map((n, i) => n + Math.floor((extra * (i + 1)) / lengths.length) - Math.floor((extra * i) / lengths.length));
  }
  // The smallest cap that still leaves enough events, then one less for just enough capped customers.
  let low = 1;
  let high = lengths.reduce((max, n) => Math.max(max, n), 1);
  const keptUnder = (cap: number) => lengths.reduce((sum, n) => sum + Math.min(n, cap), 0);
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (keptUnder(mid) >= events) high = mid;
    else low = mid + 1;
  }
  const quota = lengths.map((n) => Math.min(n, low));
  let surplus = keptUnder(low) - events;
  for (let i = quota.length - 1; surplus > 0; i--) {
    if (quota[i] === low && low > 1) {
      quota[i]--;
      surplus--;
    }
  }
  return quota;
}

/** Extra follow-up contacts, valid in any state after acquisition. */
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
