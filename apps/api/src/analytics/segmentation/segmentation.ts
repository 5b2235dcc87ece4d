import { abcClasses, rfmScores, RFM_SEGMENT_NAMES, type AbcClass, type RfmScore, type RfmSegment } from '@lifeline/analytics/segmentation';
import { formatMinorUnits } from '@lifeline/customers/domain';
import { purchaseDays, type PurchaseHistory } from '@lifeline/projections/purchase-history';

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
