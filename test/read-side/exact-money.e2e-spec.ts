import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MAX_PURCHASE_AMOUNT, MAX_PURCHASE_MINOR_UNITS, formatMinorUnits } from '@lifeline/customers/domain';
import type { EventToAppend } from '@lifeline/event-store/port';
import { customerProfileProjection } from '@lifeline/projections/profile';
import { purchaseHistoryProjection } from '@lifeline/projections/purchase-history';
import { PROJECTOR } from '@lifeline/composition';
import { rebuildAll, verifyProjection, type Projector } from '@lifeline/projections/runtime';
import { READ_MODEL_STORE, type ReadModelStore } from '@lifeline/read-store/port';
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';

/**
 * Sums past 2^53 minor units (about 90 trillion EUR) stay exact: in the profile, in the list's sort
 * and in the revenue analytics, in both read stores (MongoDB when MONGO_URL names a real server,
 * as scripts/services starts FerretDB; never a fake one).
 *
 * The whale buys the largest purchase 90,072 times (more than 2^53 minor units) plus 0.03, a total
 * no double holds to the cent. (That two such totals one cent apart sort right in both stores, where
 * their doubles tie, the read-store contract suite shows on the stored key; this file shows the
 * real fold, on real events, end to end. One whale, as it costs ~90,000 events to fold.)
 */
const LARGEST = MAX_PURCHASE_MINOR_UNITS;
const REPEATS = 90_072;
const DAY = '2025-06-02T10:00:00.000Z';
const WHALE = BigInt(REPEATS) * BigInt(LARGEST) + 3n; // 9007199999909931
const SMALL = 1999n;

function purchases(customerId: string, lastCents: number): EventToAppend[] {
  const purchase = (i: number, amount: number): EventToAppend => ({
    eventId: randomUUID(),
    type: 'PurchaseRecorded',
    schemaVersion: 1,
    occurredAt: DAY,
    data: { customerId, orderId: `o-${i}`, amount, currency: 'EUR' },
    metadata: { principal: 'test:exact-money' },
  });
  return [...Array.from({ length: REPEATS }, (_, i) => purchase(i, LARGEST)), purchase(REPEATS, lastCents)];
}

/**
 * SQLite: the live projector folds the purchases as they arrive (incremental), and the last test
 * compares that with a fold from zero. MongoDB: the two read models holding money are rebuilt
 * instead, with the projector off — live, the timeline's 90,000 one-per-event documents took
 * FerretDB more than four minutes (1,500 in 240 s on this loaded machine), which is not what is tested.
 */
type Leg = { env: Record<string, string>; projector: 'live' | 'rebuild'; cleanUp: () => Promise<void> };
const mongoUrl = process.env.MONGO_URL;
const stores: [string, () => Promise<Leg>][] = [
  ['SQLite', async () => ({ env: {}, projector: 'live', cleanUp: async () => undefined })],
  ...(mongoUrl
    ? [
        [
          'MongoDB (MONGO_URL)',
          async () => {
            const url = new URL(mongoUrl);
            url.pathname = `/lifeline_money_${randomUUID().slice(0, 8)}`;
            return {
              env: { LIFELINE_READ_STORE: 'mongodb', MONGO_URL: url.toString(), LIFELINE_RUN_PROJECTOR: 'false' },
              projector: 'rebuild' as const,
              cleanUp: async () => {
                const client = new MongoClient(url.toString());
                await client.db().dropDatabase().finally(() => client.close());
              },
            };
          },
        ] as [string, () => Promise<Leg>],
      ]
    : []),
];

describe.each(stores)('exact money past 2^53 minor units, read store %s', (_name, prepare) => {
  let api: RunningApi;
  let cleanUp: () => Promise<void>;

  beforeAll(async () => {
    const store = await prepare();
    cleanUp = store.cleanUp;
    // Protected mode (no key): with the MongoDB read store the API keys live there too, not where the harness adds one.
    api = await startApi({ env: store.env, auth: 'protected' });
    for (const id of ['whale', 'minnow', 'nothing-yet']) await api.http().post('/customers').send(acquisition(id, { occurredAt: '2025-06-01T00:00:00Z' })).expect(201);
    await api.http().post('/customers/minnow/purchases').send({ amount: '19.99', currency: 'EUR', occurredAt: DAY }).expect(201);
    // Through the store directly: 90,000 purchases over HTTP would take minutes, and the API's rules are not what is tested here.
    const events = purchases('whale', 3);
    for (let i = 0; i < events.length; i += 10_000) await api.eventStore.appendToStream('customer-whale', events.slice(i, i + 10_000), { expectedRevision: 'any' });
    const head = await api.eventStore.headPosition();
    if (store.projector === 'rebuild') {
      await rebuildAll([customerProfileProjection, purchaseHistoryProjection], { eventStore: api.eventStore, readStore: api.app.get<ReadModelStore>(READ_MODEL_STORE) });
    } else if (!(await api.app.get<Projector>(PROJECTOR).waitForPosition(head, 240_000))) {
      const { body } = await api.http().get('/projections');
      throw new Error(`projections did not reach ${head}: ${JSON.stringify(body)}`);
    }
  }, 300_000);

  afterAll(async () => {
    await api?.stop();
    if (api) removeDataDir(api.config.dataDir);
    await cleanUp?.();
  });

  it('the total really is past what a double holds to the cent', () => {
    expect(WHALE).toBeGreaterThan(2n ** 53n);
    expect(BigInt(Number(WHALE))).not.toBe(WHALE);
    expect(MAX_PURCHASE_AMOUNT).toBe(formatMinorUnits(LARGEST));
  });

  it('the profile shows the exact total as a decimal string', async () => {
    const { body } = await api.http().get('/customers/whale').expect(200);
    expect(body.revenueTotalAmount).toBe('90071999999099.31');
    expect(body.purchases).toBe(REPEATS + 1);
    expect(body.revenueTotal).toBe(Number(WHALE)); // the number kept for old readers: the nearest double
    expect(body).not.toHaveProperty('revenueTotalMinor');
    expect((await api.http().get('/customers/nothing-yet').expect(200)).body).toMatchObject({ revenueTotal: 0, revenueTotalAmount: '0.00' });
  });

  it('the list sorts by the exact total, both ways, also across pages', async () => {
    const ids = async (sort: string, limit: number) => {
      const out: string[] = [];
      let cursor: string | undefined;
      do {
        const { body } = await api.http().get('/customers').query({ sort, limit, ...(cursor && { cursor }) }).expect(200);
        out.push(...body.items.map((c: { customerId: string }) => c.customerId));
        cursor = body.nextCursor ?? undefined;
      } while (cursor);
      return out;
    };
    expect(await ids('-revenueTotal', 10)).toEqual(['whale', 'minnow', 'nothing-yet']);
    expect(await ids('revenueTotal', 10)).toEqual(['nothing-yet', 'minnow', 'whale']);
    expect(await ids('-revenueTotal', 1)).toEqual(['whale', 'minnow', 'nothing-yet']);
  });

  it('revenue analytics add up exactly: revenue totals and periods, ABC, RFM segments', async () => {
    const { body } = await api.http().get('/analytics/revenue').query({ asOf: '2025-06-30T00:00:00Z', by: 'segment' }).expect(200);
    const total = formatMinorUnits(WHALE + SMALL);
    expect(total).toBe('90071999999119.30');
    expect(body.totals.revenueAmount).toBe(total);
    expect(body.periods.map((p: { revenueAmount: string }) => p.revenueAmount)).toEqual([total]);
    const abc = await api.http().get('/analytics/abc').query({ asOf: '2025-06-30T00:00:00Z' }).expect(200);
    expect(abc.body.revenueAmount).toBe(total);
    expect(abc.body.keyAccountSuggestions.map((s: { customerId: string; revenueAmount: string }) => [s.customerId, s.revenueAmount])).toEqual([['whale', '90071999999099.31']]);
    const rfm = await api.http().get('/analytics/rfm').query({ asOf: '2025-06-30T00:00:00Z' }).expect(200);
    expect(rfm.body.segments.reduce((sum: bigint, s: { revenueAmount: string }) => sum + BigInt(s.revenueAmount.replace('.', '')), 0n)).toBe(WHALE + SMALL);
  });

  it('the stored models equal a fold of the log from zero (SQLite: what the live projector folded, i.e. rebuild == incremental)', async () => {
    const readStore = api.app.get<ReadModelStore>(READ_MODEL_STORE);
    for (const projection of [customerProfileProjection, purchaseHistoryProjection] as const) {
      const report = await verifyProjection(projection as never, { eventStore: api.eventStore, readStore });
      expect({ projection: projection.name, equal: report.equal, examples: report.examples }).toEqual({ projection: projection.name, equal: true, examples: [] });
    }
  }, 120_000);
});
