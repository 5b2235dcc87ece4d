/**
 * A derived churn for purchase-only data: a customer is taken to have churned once `days` pass
 * without a purchase. The churn is dated at the end of that gap (when the rule fires), so it is
 * known by asOf only if the gap has run its full length by then; otherwise the customer is
 * right-censored at asOf. Acquisition counts as the first activity.
 */

const MS_PER_DAY = 86_400_000;

export function timeToInactivityChurn(
  acquiredAtMs: number,
  purchasesMs: readonly number[],
  asOfMs: number,
  days: number,
): { durationMs: number; observed: boolean } {
  if (!(Number.isFinite(days) && days > 0)) throw new RangeError(`inactivity days must be > 0 (got ${days})`);
  const gap = days * MS_PER_DAY;
  const activity = purchasesMs.filter((t) => t <= asOfMs).sort((a, b) => a - b);
  let last = acquiredAtMs;
  for (const t of activity) {
    if (t <= last) continue;
    if (t - last > gap) return { durationMs: last + gap - acquiredAtMs, observed: true };
    last = t;
  }
  if (last + gap <= asOfMs) return { durationMs: last + gap - acquiredAtMs, observed: true };
  return { durationMs: Math.max(0, asOfMs - acquiredAtMs), observed: false };
}

