import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { formatMinorUnits } from '@lifeline/customers/domain';
import { compareBigInt } from '@lifeline/analytics/segmentation';
import { purchaseDays } from '@lifeline/projections/purchase-history';
import { ApiAnalytics } from '../shared/api-analytics.decorator';
import { AnalyticsSource } from '../shared/analytics-source';
import { AsOfParams, nowIso } from '../shared/query-params';
import { abcClasses, type AbcClass } from './segmentation';
import { Access } from '../../auth/access.decorator';

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

@Controller('analytics')
export class GetAbcHttpController {
  constructor(private readonly source: AnalyticsSource) {}

  @Access('analyst')
  @Get('abc')
  @ApiAnalytics({
    csv: 'classes',
    summary: 'ABC analysis by revenue, with A customers who have no account manager',
    description:
      'Customers acquired by asOf in descending revenue to asOf (ties by id): A while the cumulative share before the customer is below 80 %, ' +
      'B below 95 %, C the rest and customers without revenue. keyAccountSuggestions lists the A customers without an account manager.',
    answer:
      '{asOf, customers, revenueMinor, revenueAmount, classes: {A, B, C: {customers, revenueMinor, revenueAmount, revenueShare}}, ' +
      'keyAccountSuggestions: [{customerId, revenueMinor, revenueAmount, segment, keyAccount}]} (revenueAmount: the exact decimal string; revenueMinor: a number, exact below 2^53)',
  })
  async abc(@QueryParams() params: AsOfParams): Promise<AbcAnswer> {
    const asOf = params.asOf ?? nowIso();
    const end = Date.parse(asOf);
    const lastDay = new Date(end).toISOString().slice(0, 10);
    const [customers, histories, profiles] = await Promise.all([this.source.customers(), this.source.purchaseHistories(), this.source.accountManagement()]);
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
    const segmentOf = new Map(customers.map((c) => [c.customerId, c.segment]));
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
          segment: segmentOf.get(r.customerId) ?? null, keyAccount: profiles.get(r.customerId)?.keyAccount ?? false,
        })),
    };
  }
}
