import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { satisfactionByPeriod, satisfactionOf, type ScoredAnswer } from '@lifeline/analytics/satisfaction';
import { AnalyticsSource } from '../shared/analytics-source';
import { NO_SEGMENT, selectCustomers } from '../shared/lifecycle-filter';
import { GetSatisfactionQuery, type SatisfactionAnswerBody } from './get-satisfaction.query';

/** Group label of answers without a touchpoint. */
const NO_TOUCHPOINT = '(none)';

@QueryHandler(GetSatisfactionQuery)
export class GetSatisfactionHandler implements IQueryHandler<GetSatisfactionQuery> {
  constructor(private readonly source: AnalyticsSource) {}

  async execute({ filter, granularity, kind, by }: GetSatisfactionQuery): Promise<SatisfactionAnswerBody> {
    const customers = new Map(selectCustomers(await this.source.customers(), filter).map((c) => [c.customerId, c]));
    const asOf = Date.parse(filter.asOf);
    const answers = (await this.source.satisfactionAnswers()).filter(
      (a) => customers.has(a.customerId) && Date.parse(a.answeredAt) <= asOf && (kind === undefined || a.kind === kind),
    );
    const figures = (list: readonly ScoredAnswer[]) => ({ overall: satisfactionOf(list), periods: satisfactionByPeriod(list, { granularity, asOf: filter.asOf }) });
    const groups = new Map<string, ScoredAnswer[]>();
    if (by !== undefined) {
      for (const a of answers) {
        const c = customers.get(a.customerId)!;
        const group = by === 'segment' ? (c.segment ?? NO_SEGMENT) : by === 'channel' ? c.acquisitionChannel : (a.touchpoint ?? NO_TOUCHPOINT);
        groups.set(group, [...(groups.get(group) ?? []), a]);
      }
    }
    return {
      asOf: filter.asOf,
      granularity,
      kind: kind ?? null,
      by: by ?? null,
      segment: filter.segment ?? null,
      channel: filter.channel ?? null,
      ...figures(answers),
      groups: [...groups.keys()].sort().map((group) => ({ group, ...figures(groups.get(group)!) })),
    };
  }
}
