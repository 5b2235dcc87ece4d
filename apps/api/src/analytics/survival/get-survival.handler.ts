import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { kaplanMeier, logRankTestGroups, type SurvivalObservation } from '@lifeline/analytics/survival';
import { AnalyticsSource, type CustomerFacts } from '../shared/analytics-source';
import { questionOf, SharedComputations } from '../shared/shared-computations';
import { NO_SEGMENT, selectCustomers } from '../shared/lifecycle-filter';
import { GetSurvivalQuery, type SurvivalAnswer } from './get-survival.query';
import type { SurvivalUnit } from './get-survival.request.dto';

const MS_PER_DAY = 86_400_000;
export const DAYS_PER_SURVIVAL_UNIT: Readonly<Record<SurvivalUnit, number>> = { day: 1, week: 7, month: 30.4375 };

/** Time from acquisition to the first churn, or right-censored at asOf while it has not happened. */
export function timeToFirstChurn(customer: CustomerFacts, asOf: string, unit: SurvivalUnit): SurvivalObservation {
  const end = Date.parse(asOf);
  const churn = customer.firstChurnedAt === null ? Infinity : Date.parse(customer.firstChurnedAt);
  const observed = churn <= end;
  const duration = ((observed ? churn : end) - Date.parse(customer.acquiredAt)) / MS_PER_DAY / DAYS_PER_SURVIVAL_UNIT[unit];
  return { duration: Math.max(0, duration), observed };
}

@QueryHandler(GetSurvivalQuery)
export class GetSurvivalHandler implements IQueryHandler<GetSurvivalQuery> {
  constructor(
    private readonly source: AnalyticsSource,
    private readonly shared: SharedComputations,
  ) {}

  /** Identical questions asked at the same time share one answer. */
  execute(query: GetSurvivalQuery): Promise<SurvivalAnswer> {
    return this.shared.share(questionOf(query), () => this.answer(query));
  }

  private async answer({ filter, unit, by }: GetSurvivalQuery): Promise<SurvivalAnswer> {
    const customers = selectCustomers(await this.source.customers(), filter);
    const groups = new Map<string, SurvivalObservation[]>();
    for (const customer of customers) {
      const group = by === 'segment' ? (customer.segment ?? NO_SEGMENT) : by === 'channel' ? customer.acquisitionChannel : 'all';
      const list = groups.get(group) ?? [];
      list.push(timeToFirstChurn(customer, filter.asOf, unit));
      groups.set(group, list);
    }
    const names = [...groups.keys()].sort();
    const curves = names.map((group) => {
      const observations = groups.get(group)!;
      const curve = kaplanMeier(observations);
      const churned = observations.filter((o) => o.observed).length;
      return { group, customers: observations.length, churned, censored: observations.length - churned, medianLifetime: curve.median, steps: curve.steps };
    });
    const test = by !== undefined && names.length >= 2 ? logRankTestGroups(names.map((n) => groups.get(n)!)) : null;
    return {
      asOf: filter.asOf,
      unit,
      by: by ?? null,
      groups: curves,
      logRank: test && { chiSquare: test.chiSquare, degreesOfFreedom: test.degreesOfFreedom, pValue: test.pValue },
    };
  }
}
