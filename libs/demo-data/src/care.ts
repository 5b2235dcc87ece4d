/**
 * Demo complaint handling and satisfaction surveys at rates people in customer care see:
 * most complaints are acknowledged (sooner the more severe), many assigned to a team, a few
 * escalated or reopened; breaches of the default SLA are recorded where the generated times miss
 * it; NPS surveys yearly (a quarter answer), CSAT after some purchases, CES after support contacts.
 * Drawn from its own random stream, so the rest of a seeded history stays as it was.
 */
import { DEFAULT_COMPLAINT_SLA, type ComplaintCategory, type ComplaintSeverity, type CustomerCommand } from '@lifeline/customers/domain';
import type { SeededRandom } from './random';

const HOUR = 3600;
const DAY = 24 * HOUR;
const YEAR = 365.25 * DAY;

export type AddCommand = (at: number, type: CustomerCommand['type'], payload: CustomerCommand['payload']) => void;

const ACK_MEDIAN_HOURS: Readonly<Record<ComplaintSeverity, number>> = { critical: 0.6, high: 2.5, medium: 10, low: 20 };
const ESCALATION_CHANCE: Readonly<Record<ComplaintSeverity, number>> = { critical: 0.3, high: 0.15, medium: 0.05, low: 0.02 };
const TEAMS: Readonly<Record<ComplaintCategory, string>> = { product: 'product-care', service: 'service-desk', billing: 'billing', delivery: 'logistics', other: 'service-desk' };
const ESCALATION_REASONS = ['customer threatens to cancel', 'no progress within the agreed time', 'needs a goodwill decision', 'legal wording in the complaint'];
const REOPEN_REASONS = ['the problem came back', 'refund not received', 'the answer did not solve it'];

/**
 * The handling of one filed complaint. `resolvedAt` is when it is resolved (undefined: never);
 * returns when it is finally resolved after an eventual reopening (or undefined).
 */
export function complaintHandling(
  rng: SeededRandom,
  add: AddCommand,
  complaint: { complaintId: string; category: ComplaintCategory; severity: ComplaintSeverity; filedAt: number; resolvedAt: number | undefined; agents: readonly string[] },
  resolve: (at: number) => void,
): void {
  const { complaintId, category, severity, filedAt, resolvedAt } = complaint;
  const sla = DEFAULT_COMPLAINT_SLA[severity];
  // Acknowledged explicitly in 85 % of cases, if that comes before the resolution (else the resolution is the acknowledgement).
  let acknowledgedAt = resolvedAt;
  if (rng.chance(0.85)) {
    const at = filedAt + Math.max(60, Math.round(rng.lognormal(ACK_MEDIAN_HOURS[severity], 1) * HOUR));
    if (resolvedAt === undefined || at < resolvedAt) {
      acknowledgedAt = at;
      add(at, 'AcknowledgeComplaint', { complaintId, acknowledgedBy: rng.pick(complaint.agents) });
      // Assigned two minutes after the acknowledgement, unless it is resolved by then (the rules refuse assigning a resolved complaint).
      if (rng.chance(0.6) && (resolvedAt === undefined || at + 120 < resolvedAt)) add(at + 120, 'AssignComplaint', { complaintId, team: TEAMS[category], ...(rng.chance(0.5) && { agent: rng.pick(complaint.agents) }) });
    }
  }
  const openUntil = resolvedAt ?? Infinity;
  if (rng.chance(ESCALATION_CHANCE[severity])) {
    const at = Math.floor(filedAt + Math.min(openUntil - filedAt - 60, rng.between(0.2, 0.8) * sla.resolveHours * HOUR));
    if (at > filedAt) {
      add(at, 'EscalateComplaint', { complaintId, level: 1, reason: rng.pick(ESCALATION_REASONS) });
      if (rng.chance(0.25) && at + 6 * HOUR < openUntil - 60) add(at + 6 * HOUR, 'EscalateComplaint', { complaintId, level: 2, reason: rng.pick(ESCALATION_REASONS) });
    }
  }
  // Breaches of the default SLA, recorded at their due times, as the deadline process would.
  const ackDue = filedAt + sla.acknowledgeHours * HOUR;
  if (acknowledgedAt === undefined || acknowledgedAt > ackDue) add(ackDue, 'RecordComplaintSlaBreach', { complaintId, milestone: 'acknowledgement', dueAt: new Date(ackDue * 1000).toISOString() });
  const resolutionDue = filedAt + sla.resolveHours * HOUR;
  if (resolvedAt === undefined || resolvedAt > resolutionDue) add(resolutionDue, 'RecordComplaintSlaBreach', { complaintId, milestone: 'resolution', dueAt: new Date(resolutionDue * 1000).toISOString() });
  // 4 % are reopened within three weeks and resolved again.
  if (resolvedAt !== undefined && rng.chance(0.04)) {
    const reopenedAt = resolvedAt + Math.round(rng.between(1, 21) * DAY);
    add(reopenedAt, 'ReopenComplaint', { complaintId, reason: rng.pick(REOPEN_REASONS) });
    resolve(reopenedAt + Math.max(HOUR, Math.round(rng.lognormal(24, 1) * HOUR)));
  }
}

/** NPS once a year while engaged (25 % answer), CSAT after 8 % of purchases, CES after 12 % of inbound contacts. */
export function surveys(
  rng: SeededRandom,
  add: AddCommand,
  engaged: { from: number; until: number; unhappy: boolean; purchases: readonly number[]; inboundContacts: readonly number[] },
  /** Numbers the customer's surveys across lives (a customer answers each survey once). */
  serial: { n: number },
): void {
  const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(x)));
  for (let at = engaged.from + 300 * DAY; at < engaged.until; at += YEAR) {
    if (!rng.chance(0.25)) continue;
    const year = new Date(at * 1000).getUTCFullYear();
    add(at, 'RecordSurveyAnswer', { surveyId: `nps-${year}-${++serial.n}`, kind: 'nps', score: clamp(7.6 + 2 * rng.normal() - (engaged.unhappy ? 3 : 0), 0, 10), touchpoint: 'relationship' });
  }
  engaged.purchases.forEach((at) => {
    if (rng.chance(0.08)) add(at + 2 * DAY, 'RecordSurveyAnswer', { surveyId: `csat-${++serial.n}`, kind: 'csat', score: clamp(4.3 + 0.9 * rng.normal(), 1, 5), touchpoint: 'purchase' });
  });
  engaged.inboundContacts.forEach((at) => {
    if (rng.chance(0.12)) add(at + HOUR, 'RecordSurveyAnswer', { surveyId: `ces-${++serial.n}`, kind: 'ces', score: clamp(5.4 + 1.3 * rng.normal(), 1, 7), touchpoint: 'support' });
  });
}
