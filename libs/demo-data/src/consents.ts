/**
 * Demo consents at shares a CRM with an opt-in sign-up form sees: most customers tick the
 * marketing e-mail box when they sign up, some also want offers by post, a quarter agree to
 * surveys; some unsubscribe later, and a few who never agreed object to sales calls. One
 * channel per command, each a change, so every command writes exactly one event. Drawn from
 * its own random stream, so the rest of a seeded history stays as it was.
 */
import type { SeededRandom } from './random';
import type { AddCommand } from './care';

const HOUR = 3600;
const DAY = 24 * HOUR;

export function consents(rng: SeededRandom, add: AddCommand, customer: { acquiredAt: number; end: number }): void {
  const { acquiredAt, end } = customer;
  const signedUpAt = acquiredAt + Math.floor(rng.between(60, 2 * DAY));
  if (rng.chance(0.6)) {
    add(signedUpAt, 'RecordConsent', { purpose: 'marketing', channel: 'email', granted: true, source: 'sign-up form' });
    if (rng.chance(0.25)) add(signedUpAt + 1, 'RecordConsent', { purpose: 'marketing', channel: 'post', granted: true, source: 'sign-up form' });
    if (rng.chance(0.15)) {
      add(Math.floor(rng.between(signedUpAt + HOUR, Math.max(signedUpAt + HOUR, end))), 'RecordConsent', {
        purpose: 'marketing',
        channel: 'email',
        granted: false,
        source: 'unsubscribe link',
      });
    }
  } else if (rng.chance(0.1)) {
    add(Math.floor(rng.between(signedUpAt, Math.max(signedUpAt, end))), 'RecordConsent', { purpose: 'marketing', channel: 'phone', granted: false, source: 'phone call: do not call' });
  }
  if (rng.chance(0.25)) add(signedUpAt + 2, 'RecordConsent', { purpose: 'research', channel: 'email', granted: true, source: 'sign-up form' });
}
