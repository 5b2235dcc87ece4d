/**
 * Hot customers (issue 18, and long-history of issue 13), over HTTP against the built API in
 * its own process, as `npm start` runs it (projector included):
 *  - long-history: command latency for customers with 3,000 and 10,000 events against new
 *    customers (the first command after start-up, which folds the stream, reported apart);
 *  - hot-customer: /health and another customer's command latency while 4 and 16 clients
 *    write to one customer with 3,000 events as fast as they can, against the same probes idle.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventToAppend } from '@lifeline/event-store/port';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { percentiles, postJson, startBenchApi, timedRequest, waitUntilReady } from './spawned-api';

export interface HotCustomerOptions {
  readonly dir: string;
  /** Timed commands per customer in long-history. */
  readonly samples: number;
  /** How long each hammering phase lasts. */
  readonly hammerSeconds: number;
  readonly onProgress?: (line: string) => void;
}

type Latency = ReturnType<typeof percentiles>;

export interface LongHistoryReport {
  readonly newCustomer: Latency;
  readonly events3000: Latency & { readonly firstCommandMs: number };
  readonly events10000: Latency & { readonly firstCommandMs: number };
  /** p50 and p99 of the 10,000-event customer over the new customers'. */
  readonly ratioP50: number;
  readonly ratioP99: number;
}

export interface HotCustomerReport {
  readonly idle: { readonly health: Latency; readonly otherCustomer: Latency };
  /** The same probes while 16 clients write as fast as they can, each to a customer of its own: the same load, no hot customer. */
  readonly spreadControl: HotCustomerReport['hammered'][number];
  readonly hammered: ReadonlyArray<{
    readonly clients: number;
    readonly customers: number;
    readonly hotCommandsPerSecond: number;
    readonly hotCommand: Latency;
    readonly hotErrors: number;
    readonly health: Latency;
    readonly otherCustomer: Latency;
  }>;
}

const OCCURRED = '2025-01-10T09:00:00.000Z';

function history(customerId: string, events: number): EventToAppend[] {
  const stored = (type: string, data: Record<string, unknown>): EventToAppend => ({ eventId: randomUUID(), type, schemaVersion: 1, occurredAt: OCCURRED, data: { customerId, ...data }, metadata: { actor: 'bench' } });
  const out = [stored('CustomerAcquired', { name: customerId, acquisitionChannel: 'sales', keyAccount: true })];
  for (let i = 1; i < events; i++) {
    out.push(
      i % 2 === 0
        ? stored('CustomerContacted', { contactId: `old-${i}`, channel: 'email', direction: 'outbound', topic: 'account review' })
        : stored('PurchaseRecorded', { orderId: `old-${i}`, amount: 12_500, currency: 'EUR' }),
    );
  }
  return out;
}

const contact = (topic: string) => postJson({ contactId: randomUUID(), channel: 'phone', direction: 'inbound', topic });

export async function benchHotCustomers(opts: HotCustomerOptions): Promise<{ longHistory: LongHistoryReport; hotCustomer: HotCustomerReport }> {
  const log = opts.onProgress ?? (() => undefined);
  const dataDir = join(opts.dir, `hot-${randomUUID()}`);
  mkdirSync(dataDir);
  // The long histories go straight into the store before the API starts (appending 13,000 events over HTTP would take minutes of the run).
  const store = SqliteEventStore.open(join(dataDir, 'events.db'));
  for (const [customerId, events] of [['long-3000', 3_000], ['long-10000', 10_000], ['hot', 3_000]] as const) {
    await store.appendToStream(`customer-${customerId}`, history(customerId, events), { expectedRevision: 'no_stream' });
  }
  await store.close();

  const api = await startBenchApi(dataDir);
  try {
    await waitUntilReady(api.url);
    const acquire = async (customerId: string) => {
      const { status } = await timedRequest(`${api.url}/customers`, postJson({ customerId, name: customerId, acquisitionChannel: 'web', occurredAt: OCCURRED }));
      if (status !== 201) throw new Error(`acquiring ${customerId} answered ${status}`);
    };

    log(`long-history: ${opts.samples} commands each for new customers and customers with 3,000 and 10,000 events`);
    const warmup = Math.max(20, Math.floor(opts.samples / 10));
    const newIds = Array.from({ length: opts.samples + warmup }, (_, i) => `new-${i}`);
    for (const id of newIds) await acquire(id);
    const measure = async (customerId: (i: number) => string) => {
      const samples: number[] = [];
      for (let i = 0; i < opts.samples + warmup; i++) {
        const { ms, status } = await timedRequest(`${api.url}/customers/${customerId(i)}/contacts`, contact('long-history'));
        if (status !== 201) throw new Error(`command answered ${status}`);
        if (i >= warmup) samples.push(ms);
      }
      return percentiles(samples);
    };
    const first = async (customerId: string) => {
      const { ms, status } = await timedRequest(`${api.url}/customers/${customerId}/contacts`, contact('first'));
      if (status !== 201) throw new Error(`command answered ${status}`);
      return Math.round(ms * 100) / 100;
    };
    const first3000 = await first('long-3000');
    const first10000 = await first('long-10000');
    const newCustomer = await measure((i) => newIds[i]!);
    const events3000 = { ...(await measure(() => 'long-3000')), firstCommandMs: first3000 };
    const events10000 = { ...(await measure(() => 'long-10000')), firstCommandMs: first10000 };
    const longHistory: LongHistoryReport = {
      newCustomer,
      events3000,
      events10000,
      ratioP50: Math.round((events10000.p50Ms / newCustomer.p50Ms) * 100) / 100,
      ratioP99: Math.round((events10000.p99Ms / newCustomer.p99Ms) * 100) / 100,
    };

    // Probes: one /health and one command for a calm customer at a time, 20 ms apart.
    await acquire('calm');
    const probe = async (until: () => boolean) => {
      const health: number[] = [];
      const other: number[] = [];
      while (!until()) {
        health.push((await timedRequest(`${api.url}/health`)).ms);
        other.push((await timedRequest(`${api.url}/customers/calm/contacts`, contact('calm'))).ms);
        await new Promise((done) => setTimeout(done, 20));
      }
      return { health: percentiles(health), otherCustomer: percentiles(other) };
    };
    log(`hot-customer: probes idle for ${opts.hammerSeconds} s`);
    const idleUntil = Date.now() + opts.hammerSeconds * 1000;
    const idle = await probe(() => Date.now() > idleUntil);

    const hammer = async (clients: number, customerOf: (client: number) => string): Promise<HotCustomerReport['hammered'][number]> => {
      const until = Date.now() + opts.hammerSeconds * 1000;
      const hot: number[] = [];
      let hotErrors = 0;
      const writer = async (client: number) => {
        while (Date.now() < until) {
          const { ms, status } = await timedRequest(`${api.url}/customers/${customerOf(client)}/contacts`, contact('hot'));
          if (status === 201) hot.push(ms);
          else hotErrors++;
        }
      };
      const [probes] = await Promise.all([probe(() => Date.now() > until), ...Array.from({ length: clients }, (_, client) => writer(client))]);
      const customers = new Set(Array.from({ length: clients }, (_, client) => customerOf(client))).size;
      return { clients, customers, hotCommandsPerSecond: Math.round(hot.length / opts.hammerSeconds), hotCommand: percentiles(hot), hotErrors, ...probes };
    };
    const hammered: Array<HotCustomerReport['hammered'][number]> = [];
    for (const clients of [4, 16]) {
      log(`hot-customer: ${clients} clients writing to one customer for ${opts.hammerSeconds} s, probes alongside`);
      hammered.push(await hammer(clients, () => 'hot'));
    }
    log(`hot-customer: control, 16 clients writing to 16 customers for ${opts.hammerSeconds} s, probes alongside`);
    for (let client = 0; client < 16; client++) await acquire(`spread-${client}`);
    const spreadControl = await hammer(16, (client) => `spread-${client}`);
    return { longHistory, hotCustomer: { idle, spreadControl, hammered } };
  } finally {
    await api.stop();
  }
}
