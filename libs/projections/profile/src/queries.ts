import type { CustomerProfile } from './customer-profile';

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

function instant(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`${what} must be an ISO-8601 time (got "${iso}")`);
  return ms;
}

/**
 * Whole days from acquisition to the current churn, or to `asOf` while active (or when `asOf`
 * is before the churn). 0 when `asOf` is before the acquisition. Computed at query time
 * because it grows every day without an event.
 */
export function tenureDays(profile: CustomerProfile, asOf: string): number {
  const end = Math.min(instant(asOf, 'asOf'), profile.churnedAt === null ? Infinity : Date.parse(profile.churnedAt));
  return Math.max(0, Math.floor((end - Date.parse(profile.acquiredAt)) / MS_PER_DAY));
}

/** Mean filing-to-resolution time in hours over resolved complaints; null when none is resolved. */
export function meanTimeToResolutionHours(profile: CustomerProfile): number | null {
  const { resolved, resolutionMsTotal } = profile.complaints;
  return resolved === 0 ? null : resolutionMsTotal / resolved / MS_PER_HOUR;
}
