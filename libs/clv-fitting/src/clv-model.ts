import {
  bgNbdConditionalExpectedPurchases,
  bgNbdProbabilityAlive,
  DAYS_PER_TIME_UNIT,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaConditionalExpectedSpend,
  InvalidModelInputError,
  InvalidTransactionError,
  summarizeRfm,
  type BgNbdParams,
  type GammaGammaParams,
  type RfmSummaryRow,
} from '@lifeline/analytics/clv';
import { toCustomerTransactions, type PurchaseHistory } from '@lifeline/projections/purchase-history';

export const CLV_TIME_UNITS = ['day', 'week', 'month'] as const;
export type ClvTimeUnit = (typeof CLV_TIME_UNITS)[number];
const LIBRARY_UNIT = { day: 'days', week: 'weeks', month: 'months' } as const;

/** Fewer repeat customers than this and the spend model has nothing to learn from. */
export const MIN_REPEAT_CUSTOMERS = 10;

export interface ClvModelRequest {
  /** Last day of the calibration period (inclusive), 'YYYY-MM-DD', UTC. */
  readonly calibrationEnd: string;
  readonly timeUnit: ClvTimeUnit;
  /** Prediction horizon in time units. */
  readonly horizon: number;
  /** Per time unit; derived from the annual rate when that is given instead. */
  readonly discountRatePerUnit: number;
  readonly annualDiscountRate: number | null;
}

/** A fitted model as stored (collection clv-models) and answered. Spend figures are in minor units of `currency`. */
export interface ClvModel extends ClvModelRequest {
  readonly modelId: string;
  readonly fittedAt: string;
  readonly currency: string | null;
  /** Event-log position the purchase histories reflected when the model was fitted. */
  readonly basedOnPosition: number;
  readonly customers: number;
  readonly repeatCustomers: number;
  /** Customers of the population whose recorded churn (no later reactivation) set P(alive) and CLV to 0. */
  readonly zeroedByRecordedChurn: number;
  readonly bgNbd: BgNbdParams & { readonly logLikelihood: number; readonly iterations: number; readonly converged: boolean; readonly fitTimeMs: number };
  readonly gammaGamma: GammaGammaParams & { readonly logLikelihood: number; readonly iterations: number; readonly converged: boolean; readonly fitTimeMs: number };
  readonly fitTimeMs: number;
}

/** One customer's prediction, conditioned on the history up to the calibration end (collection customer-clv). */
export interface CustomerClvScore {
  readonly customerId: string;
  readonly modelId: string;
  readonly frequency: number;
  readonly recency: number;
  readonly age: number;
  readonly probabilityAlive: number;
  /** Over `horizon` time units after the calibration end. */
  readonly expectedPurchases: number;
  readonly expectedSpendPerPurchaseMinor: number;
  /** Discounted, in minor units (unrounded). */
  readonly clvMinor: number;
  /**
   * The churn in force when the model was fitted (no reactivation after it), or null. BG/NBD
   * assumes dropout is never observed; when it is recorded, it overrides the model: P(alive),
   * expected purchases and CLV are 0.
   */
  readonly recordedChurnAt: string | null;
}

/** The data cannot support a model: too few repeat customers, no convergence, or a degenerate spend fit. */
export class ClvFitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClvFitError';
  }
}

/** (1 + annual)^(unit days / 365.25) − 1: the rate per time unit that compounds to the annual rate. */
export function discountRatePerUnit(annualRate: number, unit: ClvTimeUnit): number {
  return (1 + annualRate) ** (DAYS_PER_TIME_UNIT[LIBRARY_UNIT[unit]] / 365.25) - 1;
}

export function rfmSummaryOf(histories: readonly PurchaseHistory[], calibrationEnd: string, unit: ClvTimeUnit): RfmSummaryRow[] {
  return summarizeRfm(histories.map(toCustomerTransactions), { calibrationEnd, timeUnit: LIBRARY_UNIT[unit] });
}

/**
 * Fits BG/NBD and Gamma-Gamma on the RFM summary of the purchase histories up to the
 * calibration end and scores every customer of the calibration population.
 */
export function fitClvModel(
  histories: readonly PurchaseHistory[],
  request: ClvModelRequest,
  meta: { modelId: string; fittedAt: string; basedOnPosition: number },
  /** Customer id -> time of the churn in force (recorded, not followed by a reactivation). */
  recordedChurns: ReadonlyMap<string, string> = new Map(),
): { model: ClvModel; scores: CustomerClvScore[] } {
  const started = performance.now();
  let summary: RfmSummaryRow[];
  try {
    summary = rfmSummaryOf(histories, request.calibrationEnd, request.timeUnit);
  } catch (error) {
    if (error instanceof InvalidTransactionError) throw new ClvFitError(error.message);
    throw error;
  }
  const repeatCustomers = summary.filter((row) => row.frequency > 0).length;
  if (repeatCustomers < MIN_REPEAT_CUSTOMERS) {
    throw new ClvFitError(
      `${summary.length} customers bought by ${request.calibrationEnd}, ${repeatCustomers} of them more than once; ` +
        `fitting needs at least ${MIN_REPEAT_CUSTOMERS} repeat customers (choose a later calibrationEnd or import more history)`,
    );
  }
  try {
    const purchase = fitBgNbd(summary);
    const spend = fitGammaGamma(summary.map((row) => ({ frequency: row.frequency, meanSpend: row.meanRepeatSpendMinor })));
    if (!purchase.diagnostics.converged) throw new ClvFitError(`BG/NBD did not converge in ${purchase.diagnostics.iterations} iterations`);
    if (!spend.diagnostics.converged) throw new ClvFitError(`Gamma-Gamma did not converge in ${spend.diagnostics.iterations} iterations`);
    if (!(spend.params.q > 1)) throw new ClvFitError(`Gamma-Gamma fitted q = ${spend.params.q.toPrecision(4)} ≤ 1: the mean spend is unbounded, so no value can be predicted`);
    const model: ClvModel = {
      ...request,
      ...meta,
      currency: histories.find((h) => h.currency !== null)?.currency ?? null,
      customers: summary.length,
      repeatCustomers,
      zeroedByRecordedChurn: summary.filter((row) => recordedChurns.has(row.customerId)).length,
      bgNbd: { ...purchase.params, ...diagnosticsOf(purchase.diagnostics) },
      gammaGamma: { ...spend.params, ...diagnosticsOf(spend.diagnostics) },
      fitTimeMs: 0,
    };
    let scores: CustomerClvScore[];
    try {
      scores = scoreCustomers(model, summary, recordedChurns);
    } catch (error) {
      // Eq. 10's ₂F₁ needs a + b + x − 1 > 0, and a degenerate fit (b in the millions: nobody ever
      // drops out) makes the series too slow to sum; both mean the data cannot support predictions.
      const { r, alpha, a, b } = model.bgNbd;
      const fitted = `r = ${r.toPrecision(4)}, α = ${alpha.toPrecision(4)}, a = ${a.toPrecision(4)}, b = ${b.toPrecision(4)}`;
      throw new ClvFitError(`the fitted BG/NBD parameters (${fitted}) are outside the region where predictions can be computed: ${(error as Error).message}`);
    }
    return { model: { ...model, fitTimeMs: performance.now() - started }, scores };
  } catch (error) {
    if (error instanceof InvalidModelInputError) throw new ClvFitError(error.message);
    throw error;
  }
}

const diagnosticsOf = (d: { logLikelihood: number; iterations: number; converged: boolean; fitTimeMs: number }) => ({
  logLikelihood: d.logLikelihood,
  iterations: d.iterations,
  converged: d.converged,
  fitTimeMs: d.fitTimeMs,
});

/**
 * The parameters are fitted on everyone (churned customers' purchase patterns are evidence about
 * the population); only the churned customers' own predictions are overridden.
 *
 * Discounted value as libs/analytics/clv `customerLifetimeValue` with one time unit per step:
 * Σ_i (E[X(i)] − E[X(i−1)]) · E[Z] / (1+d)^i. The purchase part depends only on (x, t_x, T), so it
 * is computed once per distinct row; customers sharing a row differ only in their spend.
 */
export function scoreCustomers(
  model: ClvModel,
  summary: readonly RfmSummaryRow[],
  recordedChurns: ReadonlyMap<string, string> = new Map(),
): CustomerClvScore[] {
  const { bgNbd: purchase, gammaGamma: spend, horizon, discountRatePerUnit: rate } = model;
  const purchaseParts = new Map<string, { discountedPurchases: number; expectedPurchases: number; alive: number }>();
  return summary.map((row) => {
    const key = `${row.frequency}|${row.recency}|${row.age}`;
    let part = purchaseParts.get(key);
    if (part === undefined) {
      let discountedPurchases = 0;
      let previous = 0;
      for (let i = 1; i <= horizon; i++) {
        const cumulative = bgNbdConditionalExpectedPurchases(purchase, i, row);
        discountedPurchases += (cumulative - previous) / (1 + rate) ** i;
        previous = cumulative;
      }
      part = { discountedPurchases, expectedPurchases: previous, alive: bgNbdProbabilityAlive(purchase, row) };
      purchaseParts.set(key, part);
    }
    const expectedSpend = gammaGammaConditionalExpectedSpend(spend, { frequency: row.frequency, meanSpend: row.meanRepeatSpendMinor });
    // A recorded churn overrides the model's prediction (BG/NBD never observes a dropout).
    const churnedAt = recordedChurns.get(row.customerId) ?? null;
    const churned = churnedAt !== null;
    return {
      customerId: row.customerId,
      modelId: model.modelId,
      frequency: row.frequency,
      recency: row.recency,
      age: row.age,
      probabilityAlive: churned ? 0 : part.alive,
      expectedPurchases: churned ? 0 : part.expectedPurchases,
      expectedSpendPerPurchaseMinor: expectedSpend,
      clvMinor: churned ? 0 : part.discountedPurchases * expectedSpend,
      recordedChurnAt: churnedAt,
    };
  });
}
