import { abcClasses, rfmScores, RFM_SEGMENT_NAMES, type AbcClass, type RfmScore, type RfmSegment } from '@lifeline/analytics/segmentation';
import { formatMinorUnits } from '@lifeline/customers/domain';
import { purchaseDays, type PurchaseHistory } from '@lifeline/projections/purchase-history';
import { compareBigInt } from '@lifeline/analytics/segmentation';
import type { CustomerFacts } from '../shared/customer-facts';

/** RFM scores as of a time, from the purchase histories (one entry per purchase day). */
export function rfmAsOf(histories: readonly PurchaseHistory[], asOf: string): RfmScore[] {
  return rfmScores(
    histories.map((h) => ({ customerId: h.customerId, purchases: purchaseDays(h).map(({ day, amountMinor, count }) => ({ at: day, amountMinor, count })) })),
    asOf,
  );
}

export interface RfmSegmentFigures {
  readonly segment: RfmSegment;
  readonly customers: number;
  readonly share: number | null;
  /** The exact sum in minor units as a number: exact below 2^53 (revenueAmount is exact always). */
  readonly revenueMinor: number;
  /** The exact sum as a decimal string of the currency. */
  readonly revenueAmount: string;
  readonly revenueShare: number | null;
}

export function segmentFigures(scores: readonly RfmScore[]): RfmSegmentFigures[] {
  const total = scores.reduce((s, x) => s + x.monetaryMinor, 0n);
  return RFM_SEGMENT_NAMES.map((segment) => {
    const members = scores.filter((s) => s.segment === segment);
    const revenueMinor = members.reduce((s, x) => s + x.monetaryMinor, 0n);
    return {
      segment,
      customers: members.length,
      share: scores.length === 0 ? null : members.length / scores.length,
      revenueMinor: Number(revenueMinor),
      revenueAmount: formatMinorUnits(revenueMinor),
      revenueShare: total > 0n ? Number(revenueMinor) / Number(total) : null,
    };
  });
}

/** One RFM score as the API answers it: monetaryMinor a number (exact below 2^53), monetaryAmount the exact decimal string. */
export type RfmMember = Omit<RfmScore, 'monetaryMinor'> & { readonly monetaryMinor: number; readonly monetaryAmount: string };

export function rfmMember(score: RfmScore): RfmMember {
  return { ...score, monetaryMinor: Number(score.monetaryMinor), monetaryAmount: formatMinorUnits(score.monetaryMinor) };
}

/** From the segment at `from` to the one at `to`; customers without purchases at `from` come from "(none)". */
export function segmentTransitions(from: readonly RfmScore[], to: readonly RfmScore[]): { from: string; to: string; customers: number }[] {
  const before = new Map(from.map((s) => [s.customerId, s.segment as string]));
  const counts = new Map<string, number>();
  for (const s of to) {
    const key = `${before.get(s.customerId) ?? '(none)'}\u0000${s.segment}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([key, customers]) => {
      const [f, t] = key.split('\u0000') as [string, string];
      return { from: f, to: t, customers };
    })
    .sort((a, b) => b.customers - a.customers || (a.from + a.to < b.from + b.to ? -1 : 1));
}

export { abcClasses, type AbcClass };

export interface RfmAnswer {
  readonly asOf: string;
  readonly from: string | null;
  /** Customers with at least one purchase by asOf (the scored population). */
  readonly customers: number;
  readonly segments: readonly RfmSegmentFigures[];
  readonly transitions: readonly { readonly from: string; readonly to: string; readonly customers: number }[] | null;
  /** With `segment`: its customers, by revenue descending. */
  readonly members: readonly RfmMember[] | null;
}

/** GET /analytics/rfm (runs on an analytics worker thread). */
export function rfmAnswer(histories: readonly PurchaseHistory[], params: { asOf: string; from?: string; segment?: RfmSegment }): RfmAnswer {
  const now = rfmAsOf(histories, params.asOf);
  return {
    asOf: params.asOf,
    from: params.from ?? null,
    customers: now.length,
    segments: segmentFigures(now),
    transitions: params.from === undefined ? null : segmentTransitions(rfmAsOf(histories, params.from), now),
    members:
      params.segment === undefined
        ? null
        : now
            .filter((s) => s.segment === params.segment)
            .sort((a, b) => compareBigInt(b.monetaryMinor, a.monetaryMinor) || (a.customerId < b.customerId ? -1 : 1))
            .map(rfmMember),
  };
}

/** The ids of the customers in an RFM segment as of a time (the customer list's rfmSegment filter). */
export function rfmSegmentMembers(histories: readonly PurchaseHistory[], { segment, asOf }: { segment: string; asOf: string }): string[] {
  return rfmAsOf(histories, asOf)
    .filter((score) => score.segment === segment)
    .map((score) => score.customerId);
}

/** revenueAmount: the exact sum as a decimal string; revenueMinor: the same in minor units as a number, exact below 2^53. */
export interface AbcAnswer {
  readonly asOf: string;
  readonly customers: number;
  readonly revenueMinor: number;
  readonly revenueAmount: string;
  readonly classes: Readonly<Record<AbcClass, { readonly customers: number; readonly revenueMinor: number; readonly revenueAmount: string; readonly revenueShare: number | null }>>;
  /** A customers without an account manager, by revenue: candidates for key-account management. */
  readonly keyAccountSuggestions: readonly {
    readonly customerId: string;
    readonly revenueMinor: number;
    readonly revenueAmount: string;
    readonly segment: string | null;
    readonly keyAccount: boolean;
  }[];
}

/** GET /analytics/abc (runs on an analytics worker thread). Sums are exact (BigInt). */
export function abcAnswer(customers: readonly CustomerFacts[], histories: readonly PurchaseHistory[], { asOf }: { asOf: string }): AbcAnswer {
  const end = Date.parse(asOf);
  const lastDay = new Date(end).toISOString().slice(0, 10);
  const profiles = new Map(customers.map((c) => [c.customerId, c]));
  const acquired = new Set(customers.filter((c) => Date.parse(c.acquiredAt) <= end).map((c) => c.customerId));
  const revenue = histories
    .filter((h) => acquired.has(h.customerId))
    .map((h) => ({ customerId: h.customerId, revenueMinor: purchaseDays(h).filter(({ day }) => day <= lastDay).reduce((s, { amountMinor }) => s + BigInt(amountMinor), 0n) }));
  const classes = abcClasses(revenue);
  const total = revenue.reduce((s, r) => s + r.revenueMinor, 0n);
  const figures = (abc: AbcClass) => {
    const members = revenue.filter((r) => classes.get(r.customerId) === abc);
    const revenueMinor = members.reduce((s, r) => s + r.revenueMinor, 0n);
    return { customers: members.length, revenueMinor: Number(revenueMinor), revenueAmount: formatMinorUnits(revenueMinor), revenueShare: total > 0n ? Number(revenueMinor) / Number(total) : null };
  };
  return {
    asOf,
    customers: revenue.length,
    revenueMinor: Number(total),
    revenueAmount: formatMinorUnits(total),
    classes: { A: figures('A'), B: figures('B'), C: figures('C') },
    keyAccountSuggestions: revenue
      .filter((r) => classes.get(r.customerId) === 'A' && (profiles.get(r.customerId)?.accountManager ?? null) === null)
      .sort((a, b) => compareBigInt(b.revenueMinor, a.revenueMinor) || (a.customerId < b.customerId ? -1 : 1))
      .map((r) => ({
        customerId: r.customerId,
        revenueMinor: Number(r.revenueMinor),
        revenueAmount: formatMinorUnits(r.revenueMinor),
        segment: profiles.get(r.customerId)?.segment ?? null,
        keyAccount: profiles.get(r.customerId)?.keyAccount ?? false,
      })),
  };
}
