import { CUSTOMER_PROFILES, type CustomerProfile } from '@lifeline/projections/profile';
import { PURCHASE_HISTORIES, type PurchaseHistory } from '@lifeline/projections/purchase-history';
import { UnknownCollectionError, type ReadModelStore } from '@lifeline/read-store/port';
// The API's own model and store: the CLI fits exactly as POST /analytics/clv/model does and stores the same documents.
import { ClvFitError, ClvModelStore, discountRatePerUnit, fitClvModel, recordedChurnsOf, type ClvTimeUnit } from '@lifeline/clv-fitting';
import { CliError, EXIT, type CliContext } from '../cli-context';
import { startProgress } from '../progress';
import { cliConfig, openCliStores } from '../stores';

export interface ClvFitOptions {
  readonly dataDir?: string;
  readonly calibrationEnd: string;
  readonly timeUnit: ClvTimeUnit;
  readonly horizon: number;
  readonly annualDiscountRate?: number;
  readonly discountRate?: number;
  readonly json?: boolean;
}

const NO_SEGMENT = '(none)';

async function scanAll<T>(store: ReadModelStore, collection: string, ctx: CliContext, label: string): Promise<T[]> {
  let total = 0;
  try {
    total = await store.count(collection);
  } catch (error) {
    if (error instanceof UnknownCollectionError) return [];
    throw error;
  }
  const progress = startProgress(ctx, label, total, 'documents');
  const out: T[] = [];
  for await (const doc of store.scan(collection, { batchSize: 2000 })) {
    if (ctx.signal.aborted) break;
    out.push(doc as unknown as T);
    if (out.length % 2000 === 0) progress.update(out.length);
  }
  progress.update(out.length);
  progress.stop();
  return out;
}

/**
 * Fits BG/NBD + Gamma-Gamma on the purchase histories up to the calibration end, scores every
 * customer (recorded churn overriding), and stores the model and scores as the API's fit does.
 * Ctrl-C before the save leaves the stored model as it was.
 */
export async function runClvFit(options: ClvFitOptions, ctx: CliContext): Promise<number> {
  if (options.annualDiscountRate !== undefined && options.discountRate !== undefined) {
    throw new CliError('give --annual-discount-rate or --discount-rate, not both', EXIT.usage);
  }
  const config = cliConfig(ctx.env, options.dataDir);
  const stores = await openCliStores(config);
  try {
    const store = new ClvModelStore(stores.readStore);
    let basedOnPosition = 0;
    try {
      basedOnPosition = (await stores.readStore.getCheckpoint(PURCHASE_HISTORIES)).position;
    } catch (error) {
      if (!(error instanceof UnknownCollectionError)) throw error;
    }
    const histories = await scanAll<PurchaseHistory>(stores.readStore, PURCHASE_HISTORIES, ctx, 'reading purchase histories');
    const profiles = await scanAll<CustomerProfile>(stores.readStore, CUSTOMER_PROFILES, ctx, 'reading customer profiles');
    if (ctx.signal.aborted) {
      ctx.stderr.write('interrupted before fitting; nothing stored\n');
      return EXIT.interrupted;
    }
    const annual = options.annualDiscountRate ?? null;
    const request = {
      calibrationEnd: options.calibrationEnd,
      timeUnit: options.timeUnit,
      horizon: options.horizon,
      discountRatePerUnit: annual === null ? (options.discountRate ?? 0) : discountRatePerUnit(annual, options.timeUnit),
      annualDiscountRate: annual,
    };
    ctx.stderr.write(`fitting BG/NBD and Gamma-Gamma on ${histories.length} purchase histories up to ${options.calibrationEnd} (${options.timeUnit}s)…\n`);
    const fittedAt = new Date().toISOString();
    const facts = profiles.map((p) => ({ customerId: p.customerId, statusHistory: p.statusHistory }));
    let fitted: ReturnType<typeof fitClvModel>;
    try {
      fitted = fitClvModel(histories, request, { modelId: `clv-${fittedAt}`, fittedAt, basedOnPosition }, recordedChurnsOf(facts));
    } catch (error) {
      if (error instanceof ClvFitError) throw new CliError(`no model can be fitted: ${error.message}`);
      throw error;
    }
    if (ctx.signal.aborted) {
      ctx.stderr.write('interrupted before saving; the stored model is unchanged\n');
      return EXIT.interrupted;
    }
    ctx.stderr.write(`scored ${fitted.scores.length} customers; saving…\n`);
    const segmentOf = new Map(profiles.map((p) => [p.customerId, p.segment ?? NO_SEGMENT]));
    await store.save(fitted.model, fitted.scores.map((s) => ({ ...s, segment: segmentOf.get(s.customerId) ?? NO_SEGMENT, currency: fitted.model.currency })));
    const { model } = fitted;
    if (options.json) {
      ctx.stdout.write(`${JSON.stringify(model)}\n`);
      return EXIT.ok;
    }
    const g = model.gammaGamma;
    const b = model.bgNbd;
    ctx.stdout.write(
      [
        `model ${model.modelId}: ${model.customers} customers (${model.repeatCustomers} repeat), ${model.zeroedByRecordedChurn} zeroed by a recorded churn`,
        `BG/NBD       r = ${b.r.toPrecision(6)}  alpha = ${b.alpha.toPrecision(6)}  a = ${b.a.toPrecision(6)}  b = ${b.b.toPrecision(6)}  log-likelihood = ${b.logLikelihood.toFixed(2)} (time unit: ${model.timeUnit})`,
        `Gamma-Gamma  p = ${g.p.toPrecision(6)}  q = ${g.q.toPrecision(6)}  gamma = ${g.gamma.toPrecision(6)} ${model.currency ?? ''} minor units  ` +
          `log-likelihood = ${g.logLikelihood.toFixed(2)} (of mean spends in minor units; ${(g.logLikelihood + model.repeatCustomers * Math.log(100)).toFixed(2)} in major units)`,
        `horizon ${model.horizon} ${model.timeUnit}s, discount ${(model.discountRatePerUnit * 100).toPrecision(4)} % per ${model.timeUnit}; fitted in ${Math.round(model.fitTimeMs)} ms`,
      ].join('\n') + '\n',
    );
    return EXIT.ok;
  } finally {
    await stores.close();
  }
}
