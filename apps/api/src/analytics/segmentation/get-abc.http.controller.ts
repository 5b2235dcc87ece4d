import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { ApiAnalytics } from '../shared/api-analytics.decorator';
import { AnalyticsSource } from '../shared/analytics-source';
import { AsOfParams, nowIso } from '../shared/query-params';
import { abcClasses, type AbcClass } from './segmentation';
import { Access } from '../../auth/access.decorator';

export interface AbcAnswer {
  readonly asOf: string;
  readonly customers: number;
  readonly revenueMinor: number;
  readonly classes: Readonly<Record<AbcClass, { readonly customers: number; readonly revenueMinor: number; readonly revenueShare: number | null }>>;
  /** A customers without an account manager, by revenue: candidates for key-account management. */
  readonly keyAccountSuggestions: readonly { readonly customerId: string; readonly revenueMinor: number; readonly segment: string | null; readonly keyAccount: boolean }[];
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
    answer: '{asOf, customers, revenueMinor, classes: {A, B, C: {customers, revenueMinor, revenueShare}}, keyAccountSuggestions: [{customerId, revenueMinor, segment, keyAccount}]}',
  })
  async abc(@QueryParams() params: AsOfParams): Promise<AbcAnswer> {
    const asOf = params.asOf ?? nowIso();
    const end = Date.parse(asOf);
    const lastDay = new Date(end).toISOString().slice(0, 10);
    const [customers, histories, profiles] = await Promise.all([this.source.customers(), this.source.purchaseHistories(), this.source.accountManagement()]);
    const acquired = new Set(customers.filter((c) => Date.parse(c.acquiredAt) <= end).map((c) => c.customerId));
    const revenue = histories
      .filter((h) => acquired.has(h.customerId))
      .map((h) => ({ customerId: h.customerId, revenueMinor: h.days.filter(([day]) => day <= lastDay).reduce((s, [, amount]) => s + amount, 0) }));
    const classes = abcClasses(revenue);
    const total = revenue.reduce((s, r) => s + r.revenueMinor, 0);
    const figures = (abc: AbcClass) => {
      const members = revenue.filter((r) => classes.get(r.customerId) === abc);
      const revenueMinor = members.reduce((s, r) => s + r.revenueMinor, 0);
      return { customers: members.length, revenueMinor, revenueShare: total > 0 ? revenueMinor / total : null };
    };
    const segmentOf = new Map(customers.map((c) => [c.customerId, c.segment]));
    return {
      asOf,
      customers: revenue.length,
      revenueMinor: total,
      classes: { A: figures('A'), B: figures('B'), C: figures('C') },
      keyAccountSuggestions: revenue
        .filter((r) => classes.get(r.customerId) === 'A' && (profiles.get(r.customerId)?.accountManager ?? null) === null)
        .sort((a, b) => b.revenueMinor - a.revenueMinor || (a.customerId < b.customerId ? -1 : 1))
        .map((r) => ({ customerId: r.customerId, revenueMinor: r.revenueMinor, segment: segmentOf.get(r.customerId) ?? null, keyAccount: profiles.get(r.customerId)?.keyAccount ?? false })),
    };
  }
}
