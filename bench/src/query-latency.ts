/**
 * Read-model query latency (issue 3) on a rebuilt store: the queries the API serves
 * most, each timed over many random samples after a warm-up, reported as p50/p99 in ms.
 */
import type { ReadModelStore } from '@lifeline/read-store/port';
import { CUSTOMER_PROFILES } from '@lifeline/projections/profile';
import { CUSTOMER_TIMELINES } from '@lifeline/projections/timeline';

export interface QueryLatencyOptions {
  readonly readStore: ReadModelStore;
  /** Ids of customers present in the store; samples pick among them. */
  readonly customerIds: readonly string[];
  readonly samples: number;
  readonly warmup: number;
  /** Page size of the list queries, as the API's default. */
  readonly pageSize?: number;
  readonly onProgress?: (line: string) => void;
}

export interface LatencyFigures {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Items returned over all samples: proves the queries found something. */
  readonly itemsReturned: number;
}

export interface QueryLatencyReport {
  /** readStore.get on customer-profiles by a random customer id. */
  readonly profileById: LatencyFigures;
  /** First timeline page of a random customer: filter customerId, sort sortKey ascending. */
  readonly timelineFirstPage: LatencyFigures;
  /** First page of profiles with a random status, by acquiredAt ascending (GET /customers?status=&sort=acquiredAt). */
  readonly profileList: LatencyFigures;
  /** The same from a random acquisition date (acquiredFrom=, or a later page): the status filter may have to skip many rows. */
  readonly profileListFromDate: LatencyFigures;
  /** First page of profiles with a random status by a random one of the API's sorts (acquiredAt, revenueTotal, lastEventAt, either direction). */
  readonly profileListAnySort: LatencyFigures;
  /** First page of a random segment (smb 70 %, mid_market 22 %, enterprise 8 % of the seeded customers) by a random list sort. */
  readonly profileListBySegment: LatencyFigures;
  /** First page of the key accounts (about 3 % of the customers) by a random list sort: "our biggest key accounts". */
  readonly profileListKeyAccounts: LatencyFigures;
}

/** Deterministic, so two runs ask the same questions. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function benchQueryLatency(options: QueryLatencyOptions): Promise<QueryLatencyReport> {
  const { readStore, customerIds } = options;
  if (customerIds.length === 0) throw new RangeError('customerIds is empty');
  const limit = options.pageSize ?? 50;
  const random = mulberry32(7);
  const anyCustomer = () => customerIds[Math.floor(random() * customerIds.length)]!;
  // Acquisition dates of the seeded population bound the random list-query start.
  const from = Date.parse('2019-06-01T00:00:00.000Z');
  const to = Date.parse('2025-06-01T00:00:00.000Z');
  const anyListSort = () => [{ field: LIST_SORT_FIELDS[Math.floor(random() * LIST_SORT_FIELDS.length)]!, direction: random() < 0.5 ? ('asc' as const) : ('desc' as const) }];

  return {
    profileById: await measure('profileById', options, async () => ((await readStore.get(CUSTOMER_PROFILES, anyCustomer())) ? 1 : 0)),
    timelineFirstPage: await measure('timelineFirstPage', options, async () => {
      const page = await readStore.find(CUSTOMER_TIMELINES, { filter: { customerId: anyCustomer() }, sort: [{ field: 'sortKey', direction: 'asc' }], limit });
      return page.items.length;
    }),
    profileList: await measure('profileList', options, async () => {
      const page = await readStore.find(CUSTOMER_PROFILES, {
        filter: { status: random() < 0.5 ? 'active' : 'churned' },
        sort: [{ field: 'acquiredAt', direction: 'asc' }],
        limit,
      });
      return page.items.length;
    }),
    profileListFromDate: await measure('profileListFromDate', options, async () => {
      const page = await readStore.find(CUSTOMER_PROFILES, {
        filter: { status: random() < 0.5 ? 'active' : 'churned', acquiredAt: { $gte: new Date(from + random() * (to - from)).toISOString() } },
        sort: [{ field: 'acquiredAt', direction: 'asc' }],
        limit,
      });
      return page.items.length;
    }),
    profileListAnySort: await measure('profileListAnySort', options, async () => {
      const page = await readStore.find(CUSTOMER_PROFILES, { filter: { status: random() < 0.5 ? 'active' : 'churned' }, sort: anyListSort(), limit });
      return page.items.length;
    }),
    profileListBySegment: await measure('profileListBySegment', options, async () => {
      const page = await readStore.find(CUSTOMER_PROFILES, { filter: { segment: SEGMENTS[Math.floor(random() * SEGMENTS.length)]! }, sort: anyListSort(), limit });
      return page.items.length;
    }),
    profileListKeyAccounts: await measure('profileListKeyAccounts', options, async () => {
      const page = await readStore.find(CUSTOMER_PROFILES, { filter: { keyAccount: true }, sort: anyListSort(), limit });
      return page.items.length;
    }),
  };
}

/** The dated and revenue sorts of GET /customers, as stored (revenue on its exact fixed-width key); status is correlated with each of them. */
const LIST_SORT_FIELDS = ['acquiredAt', 'revenueTotalMinor', 'lastEventAt'] as const;
/** The demo data's segments (libs/demo-data). */
const SEGMENTS = ['smb', 'mid_market', 'enterprise'] as const;

async function measure(name: string, options: QueryLatencyOptions, query: () => Promise<number>): Promise<LatencyFigures> {
  options.onProgress?.(`query-latency: ${name}`);
  for (let i = 0; i < options.warmup; i++) await query();
  const timings = new Float64Array(options.samples);
  let itemsReturned = 0;
  for (let i = 0; i < options.samples; i++) {
    const started = performance.now();
    itemsReturned += await query();
    timings[i] = performance.now() - started;
  }
  timings.sort();
  return {
    samples: options.samples,
    p50Ms: round(percentile(timings, 0.5)),
    p99Ms: round(percentile(timings, 0.99)),
    maxMs: round(timings[timings.length - 1]!),
    itemsReturned,
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new RangeError('no values');
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function round(value: number): number {
  return Number(value.toFixed(3));
}
