/**
 * Where fitted lifetime-value models live in the read store. They are snapshots, not
 * projections: each is computed from the log up to one position (its checkpoint) when a fit is
 * asked for, and stays as it is while events arrive until the next fit.
 */

/** Every fitted model, newest first by fittedAt: the latest serves the predictions, the rest is history. */
export const CLV_MODELS = 'clv-models';
/** The latest model's score per customer, keyed by customer id (publishable as lifeline.customer-clv.v1). */
export const CUSTOMER_CLV = 'customer-clv';
/** The collections holding fitted models, for operators' views (`lifeline status`). */
export const CLV_SNAPSHOT_COLLECTIONS: readonly string[] = [CLV_MODELS, CUSTOMER_CLV];
