import { PROJECTOR } from '@lifeline/composition';
import type { RecordedEvent } from '@lifeline/event-store/port';
import type { Projector } from '@lifeline/projections/runtime';
import type { RunningApi } from '../support/api-harness';

/** Waits until every read model has caught up with everything written so far. */
export async function projectionsCaughtUp(api: RunningApi): Promise<void> {
  const head = await api.eventStore.headPosition();
  const reached = await api.app.get<Projector>(PROJECTOR).waitForPosition(head, 20_000);
  if (!reached) throw new Error(`projections did not reach position ${head}`);
}

export interface EventLifecycle {
  customerId: string;
  segment: string | null;
  channel: string;
  acquiredAt: string;
  statusHistory: { status: 'active' | 'churned'; at: string }[];
  purchases: { day: string; amountMinor: number }[];
}

/** Each customer's lifecycle and purchases read straight from the event log, independent of the projections. */
export async function lifecyclesFromEvents(api: RunningApi): Promise<EventLifecycle[]> {
  const byId = new Map<string, EventLifecycle>();
  const events: RecordedEvent[] = [];
  for (let after = 0; ; ) {
    const page = await api.eventStore.readAll({ after, maxCount: 5000 });
    if (page.length === 0) break;
    events.push(...page);
    after = page[page.length - 1]!.position;
  }
  for (const event of events) {
    const data = event.data as Record<string, unknown>;
    const id = data.customerId as string;
    if (event.type === 'CustomerAcquired') {
      byId.set(id, {
        customerId: id,
        segment: (data.segment as string | undefined) ?? null,
        channel: data.acquisitionChannel as string,
        acquiredAt: event.occurredAt,
        statusHistory: [{ status: 'active', at: event.occurredAt }],
        purchases: [],
      });
      continue;
    }
    const customer = byId.get(id);
    if (!customer) continue;
    if (event.type === 'CustomerChurned') customer.statusHistory.push({ status: 'churned', at: event.occurredAt });
    if (event.type === 'CustomerReactivated') customer.statusHistory.push({ status: 'active', at: event.occurredAt });
    if (event.type === 'PurchaseRecorded') customer.purchases.push({ day: new Date(event.occurredAt).toISOString().slice(0, 10), amountMinor: data.amount as number });
  }
  return [...byId.values()];
}

/**
 * A deterministic buy-till-you-die population: each customer buys at its own rate and may drop
 * out after each purchase, from January 2025 to June 2025, as `customer,day,amount` rows.
 */
export function simulatedPurchasesCsv(customers: number): string {
  let state = 12345;
  const uniform = () => ((state = (state * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  const start = Date.UTC(2025, 0, 1);
  const end = Date.UTC(2025, 5, 30);
  const lines: string[] = [];
  for (let i = 0; i < customers; i++) {
    const rate = 0.01 + uniform() * uniform() * 0.3; // purchases per day
    const dropout = uniform() * 0.7;
    const spend = 10 + uniform() * 90;
    for (let t = start + Math.floor(uniform() * 60) * 86_400_000; t <= end; t += Math.ceil(-Math.log(uniform()) / rate) * 86_400_000) {
      lines.push(`sim-${i},${new Date(t).toISOString().slice(0, 10)},${(spend * (0.05 - Math.log(uniform()))).toFixed(2)}`);
      if (uniform() < dropout) break;
    }
  }
  return lines.join('\n');
}
