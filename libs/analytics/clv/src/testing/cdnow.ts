/**
 * Loads the CDNOW reference data (Fader, Hardie & Lee 2005) from the shared datasets folder
 * next to the repository. A plain clone does not have it, so callers check `sharedDatasetsPresent`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CustomerTransactions } from '../rfm-summary';

export const SHARED_DATASETS = path.resolve(__dirname, '../../../../..', '../shared/datasets');
export const CDNOW_DIR = path.join(SHARED_DATASETS, 'cdnow');

export function cdnowPresent(): boolean {
  return fs.existsSync(path.join(CDNOW_DIR, 'CDNOW_sample.txt')) && fs.existsSync(path.join(CDNOW_DIR, 'cdnow_customers_summary_with_transactions.csv'));
}

/** CDNOW_sample.txt: whitespace-separated master id, sample id, YYYYMMDD, CDs, dollars. Keyed by sample id. */
export function loadCdnowSampleTransactions(): CustomerTransactions[] {
  const byCustomer = new Map<string, CustomerTransactions & { transactions: { day: string; amountMinor: number }[] }>();
  const text = fs.readFileSync(path.join(CDNOW_DIR, 'CDNOW_sample.txt'), 'utf8');
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5) continue;
    const [, sampleId, date, , dollars] = fields;
    const customerId = String(Number(sampleId));
    const day = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
    const amountMinor = Math.round(Number(dollars) * 100);
    let customer = byCustomer.get(customerId);
    if (!customer) {
      customer = { customerId, transactions: [] };
      byCustomer.set(customerId, customer);
    }
    customer.transactions.push({ day, amountMinor });
  }
  return [...byCustomer.values()];
}

export interface CdnowPublishedSummaryRow {
  id: string;
  x: number;
  tx: number;
  T: number;
  zbar: number;
}

export function loadCdnowPublishedSummary(): CdnowPublishedSummaryRow[] {
  const text = fs.readFileSync(path.join(CDNOW_DIR, 'cdnow_customers_summary_with_transactions.csv'), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [id, x, tx, T, zbar] = line.split(',');
      return { id: String(Number(id)), x: Number(x), tx: Number(tx), T: Number(T), zbar: Number(zbar) };
    });
}
