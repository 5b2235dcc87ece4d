/**
 * Times the CLV model fits: BG/NBD + Gamma-Gamma on 100,000 customers simulated with known
 * parameters (reporting recovered vs true), and on the CDNOW sample when ../shared/datasets exists.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CustomerTransactions, fitBgNbd, fitGammaGamma, simulateCustomers, summarizeRfm } from '@lifeline/analytics/clv';

const TRUE_PURCHASE = { r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 };
const TRUE_SPEND = { p: 6.25, q: 3.75, gamma: 15.4 };

export async function benchClvFit(): Promise<object> {
  const customers = simulateCustomers({
    customers: 100_000,
    seed: 20250101,
    purchase: TRUE_PURCHASE,
    spend: TRUE_SPEND,
    acquisitionWindow: 12, // weeks, as CDNOW
    minimumAge: 27,
    timeGrid: 1 / 7, // whole days, in weeks
  });
  const started = performance.now();
  const purchase = fitBgNbd(customers);
  const spend = fitGammaGamma(customers);
  const totalMs = performance.now() - started;
  return {
    simulated: {
      customers: customers.length,
      repeatCustomers: spend.diagnostics.customers,
      totalFitMs: round(totalMs),
      bgNbd: { truth: TRUE_PURCHASE, fitted: roundAll(purchase.params), ...summary(purchase.diagnostics) },
      gammaGamma: { truth: TRUE_SPEND, fitted: roundAll(spend.params), ...summary(spend.diagnostics) },
    },
    cdnow: benchCdnow(),
  };
}

function benchCdnow(): object {
  const file = path.join(findRepoRoot(), '../shared/datasets/cdnow/CDNOW_sample.txt');
  if (!fs.existsSync(file)) return { skipped: `${file} not present` };
  const rows = summarizeRfm(parseCdnowSample(fs.readFileSync(file, 'utf8')), { calibrationEnd: '1997-09-30', timeUnit: 'weeks' });
  const started = performance.now();
  const purchase = fitBgNbd(rows);
  const spend = fitGammaGamma(rows.map((r) => ({ frequency: r.frequency, meanSpend: r.meanRepeatSpendMinor === null ? null : r.meanRepeatSpendMinor / 100 })));
  return {
    customers: rows.length,
    totalFitMs: round(performance.now() - started),
    bgNbd: { published: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4 }, fitted: roundAll(purchase.params), ...summary(purchase.diagnostics) },
    gammaGamma: { published: { p: 6.25, q: 3.74, gamma: 15.44 }, fitted: roundAll(spend.params), ...summary(spend.diagnostics) },
  };
}

/** Whitespace-separated: master id, sample id, YYYYMMDD, CDs, dollars. */
function parseCdnowSample(text: string): CustomerTransactions[] {
  const byCustomer = new Map<string, { day: string; amountMinor: number }[]>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5) continue;
    const [, id, date, , dollars] = fields;
    const list = byCustomer.get(id) ?? [];
    list.push({ day: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`, amountMinor: Math.round(Number(dollars) * 100) });
    byCustomer.set(id, list);
  }
  return [...byCustomer].map(([customerId, transactions]) => ({ customerId, transactions }));
}

/** Works from bench/src and from dist/bench/src alike. */
function findRepoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function summary(d: { logLikelihood: number; iterations: number; converged: boolean; fitTimeMs: number; distinctRows: number }) {
  return { logLikelihood: round(d.logLikelihood, 3), iterations: d.iterations, converged: d.converged, fitMs: round(d.fitTimeMs), distinctRows: d.distinctRows };
}

function roundAll<T extends object>(params: T): T {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, round(v as number, 4)])) as T;
}

function round(value: number, decimals = 1): number {
  return Number(value.toFixed(decimals));
}
