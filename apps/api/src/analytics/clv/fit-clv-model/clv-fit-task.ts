import type { PurchaseHistory } from '@lifeline/projections/purchase-history';
import type { CustomerFacts } from '../../shared/customer-facts';
import { NO_SEGMENT } from '../../shared/lifecycle-filter';
import { ClvFitError, fitClvModel, recordedChurnsOf, type ClvModel, type ClvModelRequest } from '../clv-model';

/** Scores per JSON chunk sent back to the request thread (parsed and stored one chunk per turn). */
const SCORES_PER_CHUNK = 1000;

export type ClvFitOutcome =
  | { readonly fitted: true; readonly model: ClvModel; readonly scoreChunks: readonly string[] }
  /** A ClvFitError's message (an error's class does not survive the thread boundary). */
  | { readonly fitted: false; readonly reason: string };

/**
 * Fits and scores (runs on an analytics worker thread). The scores travel back as JSON text
 * chunks: a string crosses threads as one copy, 20,000 score objects would be rebuilt one by
 * one on the request thread.
 */
export function clvFitTask(
  histories: readonly PurchaseHistory[],
  customers: readonly CustomerFacts[],
  { request, meta }: { request: ClvModelRequest; meta: { modelId: string; fittedAt: string; basedOnPosition: number } },
): ClvFitOutcome {
  let fitted: ReturnType<typeof fitClvModel>;
  try {
    fitted = fitClvModel(histories, request, meta, recordedChurnsOf(customers));
  } catch (error) {
    if (error instanceof ClvFitError) return { fitted: false, reason: error.message };
    throw error;
  }
  const segmentOf = new Map(customers.map((c) => [c.customerId, c.segment ?? NO_SEGMENT]));
  const { model, scores } = fitted;
  const scoreChunks: string[] = [];
  for (let i = 0; i < scores.length; i += SCORES_PER_CHUNK) {
    scoreChunks.push(JSON.stringify(scores.slice(i, i + SCORES_PER_CHUNK).map((score) => ({ ...score, segment: segmentOf.get(score.customerId) ?? NO_SEGMENT, currency: model.currency }))));
  }
  return { fitted: true, model, scoreChunks };
}
