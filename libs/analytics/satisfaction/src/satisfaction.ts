/**
 * Satisfaction figures from survey answers.
 * - NPS: % promoters (9–10) − % detractors (0–6), in points (−100…100), with a 95 % interval from
 *   the multinomial variance of a difference of proportions: Var = (p + d − (p − d)²) / n.
 * - CSAT: % of answers 4 or 5 on the 1–5 scale.
 * - CES: mean on the 1–7 scale (7 easiest).
 */
import { addPeriods, periodLabel, periodStart, type Granularity } from '@lifeline/analytics/retention';

export interface NpsFigures {
  readonly answers: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  readonly nps: number | null;
  readonly lower95: number | null;
  readonly upper95: number | null;
}

export interface CsatFigures {
  readonly answers: number;
  /** Answers 4 or 5. */
  readonly satisfied: number;
  readonly csatPercent: number | null;
}

export interface CesFigures {
  readonly answers: number;
  readonly mean: number | null;
}

export interface SatisfactionFigures {
  readonly nps: NpsFigures;
  readonly csat: CsatFigures;
  readonly ces: CesFigures;
}

export interface ScoredAnswer {
  readonly kind: 'nps' | 'csat' | 'ces';
  readonly score: number;
  readonly answeredAt: string;
}

const Z_975 = 1.959963984540054;

export function npsOf(scores: readonly number[]): NpsFigures {
  const n = scores.length;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  if (n === 0) return { answers: 0, promoters: 0, passives: 0, detractors: 0, nps: null, lower95: null, upper95: null };
  const p = promoters / n;
  const d = detractors / n;
  const nps = 100 * (p - d);
  const se = 100 * Math.sqrt(Math.max(0, p + d - (p - d) ** 2) / n);
  return {
    answers: n,
    promoters,
    passives: n - promoters - detractors,
    detractors,
    nps,
    lower95: Math.max(-100, nps - Z_975 * se),
    upper95: Math.min(100, nps + Z_975 * se),
  };
}

export function csatOf(scores: readonly number[]): CsatFigures {
  const satisfied = scores.filter((s) => s >= 4).length;
  return { answers: scores.length, satisfied, csatPercent: scores.length === 0 ? null : (100 * satisfied) / scores.length };
}

export function cesOf(scores: readonly number[]): CesFigures {
  return { answers: scores.length, mean: scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length };
}

export function satisfactionOf(answers: readonly ScoredAnswer[]): SatisfactionFigures {
  const of = (kind: ScoredAnswer['kind']) => answers.filter((a) => a.kind === kind).map((a) => a.score);
  return { nps: npsOf(of('nps')), csat: csatOf(of('csat')), ces: cesOf(of('ces')) };
}

/** Figures per calendar period (UTC), from the first answer's period to the one holding asOf (the last may be incomplete). */
export function satisfactionByPeriod(
  answers: readonly ScoredAnswer[],
  options: { readonly granularity: Granularity; readonly asOf: string },
): { period: string; complete: boolean; figures: SatisfactionFigures }[] {
  const asOf = Date.parse(options.asOf);
  const known = answers.filter((a) => Date.parse(a.answeredAt) <= asOf);
  if (known.length === 0) return [];
  const { granularity } = options;
  const first = periodStart(Math.min(...known.map((a) => Date.parse(a.answeredAt))), granularity);
  const byStart = new Map<number, ScoredAnswer[]>();
  for (const a of known) {
    const start = periodStart(Date.parse(a.answeredAt), granularity);
    byStart.set(start, [...(byStart.get(start) ?? []), a]);
  }
  const out: { period: string; complete: boolean; figures: SatisfactionFigures }[] = [];
  for (let k = 0; addPeriods(first, k, granularity) <= asOf; k++) {
    const start = addPeriods(first, k, granularity);
    out.push({ period: periodLabel(start, granularity), complete: addPeriods(start, 1, granularity) <= asOf, figures: satisfactionOf(byStart.get(start) ?? []) });
  }
  return out;
}
