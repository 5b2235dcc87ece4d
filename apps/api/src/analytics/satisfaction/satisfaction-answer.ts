import { satisfactionByPeriod, satisfactionOf, type ScoredAnswer } from '@lifeline/analytics/satisfaction';
import type { SatisfactionAnswer } from '@lifeline/projections/satisfaction';
import type { CustomerFacts } from '../shared/customer-facts';
import { NO_SEGMENT, selectCustomers } from '../shared/lifecycle-filter';
import type { GetSatisfactionQuery, SatisfactionAnswerBody } from './get-satisfaction.query';

/** Group label of answers without a touchpoint. */
const NO_TOUCHPOINT = '(none)';

/** Satisfaction figures overall, per period and per group (runs on an analytics worker thread). */
export function satisfactionAnswer(
  all: readonly CustomerFacts[],
  allAnswers: readonly SatisfactionAnswer[],
  { filter, granularity, kind, by }: Pick<GetSatisfactionQuery, 'filter' | 'granularity' | 'kind' | 'by'>,
): SatisfactionAnswerBody {
  const customers = new Map(selectCustomers(all, filter).map((c) => [c.customerId, c]));
  const asOf = Date.parse(filter.asOf);
  const answers = allAnswers.filter((a) => customers.has(a.customerId) && Date.parse(a.answeredAt) <= asOf && (kind === undefined || a.kind === kind));
  const figures = (list: readonly ScoredAnswer[]) => ({ overall: satisfactionOf(list), periods: satisfactionByPeriod(list, { granularity, asOf: filter.asOf }) });
  const groups = new Map<string, ScoredAnswer[]>();
  if (by !== undefined) {
    for (const a of answers) {
      const c = customers.get(a.customerId)!;
      const group = by === 'segment' ? (c.segment ?? NO_SEGMENT) : by === 'channel' ? c.acquisitionChannel : (a.touchpoint ?? NO_TOUCHPOINT);
      const list = groups.get(group) ?? [];
      list.push(a);
      groups.set(group, list);
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
