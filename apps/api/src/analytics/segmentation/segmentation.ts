import { abcClasses, rfmScores, RFM_SEGMENT_NAMES, type AbcClass, type RfmScore, type RfmSegment } from '@lifeline/analytics/segmentation';
import type { PurchaseHistory } from '@lifeline/projections/purchase-history';

/** RFM scores as of a time, from the purchase histories (one entry per purchase day). */
export function rfmAsOf(histories: readonly PurchaseHistory[], asOf: string): RfmScore[] {
  return rfmScores(
    histories.map((h) => ({ customerId: h.customerId, purchases: h.days.map(([day, amountMinor, count]) => ({ at: day, amountMinor, count })) })),
    asOf,
  );
}

export interface RfmSegmentFigures {
  readonly segment: RfmSegment;
  readonly customers: number;
  readonly share: number | null;
  readonly revenueMinor: number;
  readonly revenueShare: number | null;
}

export function segmentFigures(scores: readonly RfmScore[]): RfmSegmentFigures[] {
  const total = scores.reduce((s, x) => s + x.monetaryMinor, 0);
  return RFM_SEGMENT_NAMES.map((segment) => {
    const members = scores.filter((s) => s.segment === segment);
    const revenueMinor = members.reduce((s, x) => s + x.monetaryMinor, 0);
    return {
      segment,
      customers: members.length,
      share: scores.length === 0 ? null : members.length / scores.length,
      revenueMinor,
      revenueShare: total > 0 ? revenueMinor / total : null,
    };
  });
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
