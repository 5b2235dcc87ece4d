import {
  atRiskTable,
  kaplanMeier,
  logRankTestGroups,
  riskTableInterval,
  stepsByUnit,
  timeToInactivityChurn,
  type SurvivalObservation,
} from '@lifeline/analytics/survival';
import { purchaseDays, type PurchaseHistory } from '@lifeline/projections/purchase-history';
import type { CustomerFacts } from '../shared/customer-facts';
import { NO_SEGMENT, selectCustomers } from '../shared/lifecycle-filter';
import type { ChurnRuleAnswer, GetSurvivalQuery, SurvivalAnswer } from './get-survival.query';
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

/** Risk-table ticks people read easily, per unit. */
const RISK_TABLE_TICKS: Readonly<Record<SurvivalUnit, readonly number[]>> = {
  day: [1, 7, 14, 30, 60, 90, 180, 365],
  week: [1, 2, 4, 8, 13, 26, 52],
  month: [1, 2, 3, 6, 12, 24],
};

/** Kaplan-Meier curves per group and the log-rank test (runs on an analytics worker thread); `histories` only for the inactivity rule. */
export function survivalAnswer(
  all: readonly CustomerFacts[],
  histories: () => readonly PurchaseHistory[],
  { filter, unit, by, inactivityDays }: Pick<GetSurvivalQuery, 'filter' | 'unit' | 'by' | 'inactivityDays'>,
): SurvivalAnswer {
  const customers = selectCustomers(all, filter);
  const observe = observation(histories, filter.asOf, unit, inactivityDays);
  const groups = new Map<string, SurvivalObservation[]>();
  for (const customer of customers) {
    const group = by === 'segment' ? (customer.segment ?? NO_SEGMENT) : by === 'channel' ? customer.acquisitionChannel : 'all';
    const list = groups.get(group) ?? [];
    list.push(observe(customer));
    groups.set(group, list);
  }
  const names = [...groups.keys()].sort();
  const curves = names.map((group) => {
    const observations = groups.get(group)!;
    const curve = kaplanMeier(observations);
    const churned = observations.filter((o) => o.observed).length;
    const longest = observations.reduce((m, o) => Math.max(m, o.duration), 0);
    const interval = riskTableInterval(longest, RISK_TABLE_TICKS[unit]);
    return {
      group,
      customers: observations.length,
      churned,
      censored: observations.length - churned,
      medianLifetime: curve.median,
      steps: unit === 'day' ? curve.steps : stepsByUnit(curve),
      atRiskTable: { interval, rows: atRiskTable(observations, interval) },
    };
  });
  const test = by !== undefined && names.length >= 2 ? logRankTestGroups(names.map((n) => groups.get(n)!)) : null;
  const churnRule: ChurnRuleAnswer =
    inactivityDays === undefined
      ? { kind: 'recorded', derived: false }
      : { kind: 'inactivity', days: inactivityDays, derived: true, description: `churn derived from ${inactivityDays} days without a purchase, not recorded` };
  return {
    asOf: filter.asOf,
    unit,
    churnRule,
    by: by ?? null,
    groups: curves,
    logRank: test && { chiSquare: test.chiSquare, degreesOfFreedom: test.degreesOfFreedom, pValue: test.pValue },
  };
}

/** Time to the recorded first churn, or to the derived inactivity churn from the purchase days. */
function observation(histories: () => readonly PurchaseHistory[], asOf: string, unit: SurvivalUnit, inactivityDays: number | undefined): (c: CustomerFacts) => SurvivalObservation {
  if (inactivityDays === undefined) return (customer) => timeToFirstChurn(customer, asOf, unit);
  const daysOf = new Map(histories().map((h) => [h.customerId, purchaseDays(h).map(({ day }) => Date.parse(day))]));
  const end = Date.parse(asOf);
  return (customer) => {
    const { durationMs, observed } = timeToInactivityChurn(Date.parse(customer.acquiredAt), daysOf.get(customer.customerId) ?? [], end, inactivityDays);
    return { duration: durationMs / MS_PER_DAY / DAYS_PER_SURVIVAL_UNIT[unit], observed };
  };
}
