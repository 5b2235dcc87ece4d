import type { Schemas } from '../api/client';
import { toMajor } from '../ui/format';

type ClvDecile = Schemas['ClvDecileDto'];
type PeriodChurn = Schemas['PeriodChurnDto'];
type RevenuePeriod = Schemas['RevenuePeriodDto'];

/** One bar per category: the label under it, its height, and what its tooltip adds. */
export interface Bars {
  readonly labels: string[];
  readonly values: (number | null)[];
  readonly notes: string[];
}

/** Predicted CLV per decile, in major units (D1 = the most valuable tenth). */
export function decileBars(deciles: readonly ClvDecile[], currency: string | null, describe: (decile: ClvDecile) => string): Bars {
  const sorted = [...deciles].sort((a, b) => a.decile - b.decile);
  return { labels: sorted.map((d) => `D${d.decile}`), values: sorted.map((d) => toMajor(d.totalClvMinor, currency)), notes: sorted.map(describe) };
}

/** Churn rate per period in percent; a period nobody was active at the start of has no rate (no bar). */
export function churnBars(periods: readonly PeriodChurn[]): Bars {
  return {
    labels: periods.map((p) => p.period),
    values: periods.map((p) => (p.churnRate === null ? null : p.churnRate * 100)),
    notes: periods.map((p) => `${p.churnEvents} of ${p.activeAtStart} active at the start`),
  };
}

/** Revenue per period in major units; the period still filling up is marked. */
export function revenueBars(periods: readonly RevenuePeriod[], currency: string | null): Bars & { readonly complete: boolean[] } {
  return {
    labels: periods.map((p) => (p.complete ? p.period : `${p.period} (so far)`)),
    values: periods.map((p) => toMajor(p.revenueMinor, currency)),
    notes: periods.map((p) => `${p.purchases} purchases`),
    complete: periods.map((p) => p.complete),
  };
}
