import type { ComplaintCategory, ComplaintSeverity, ContactChannel, SlaMilestone } from '@lifeline/customers/domain';
import type { DocumentProjection } from '@lifeline/projections/runtime';

export type ComplaintStatus = 'open' | 'resolved';

/** One complaint; times are business times. */
export interface ComplaintDoc {
  readonly customerId: string;
  readonly complaintId: string;
  readonly category: ComplaintCategory;
  readonly severity: ComplaintSeverity;
  readonly channel: ContactChannel;
  /** Null after the customer's erasure (as resolution, acknowledgedBy and assignedAgent). */
  readonly description: string | null;
  readonly filedAt: string;
  readonly status: ComplaintStatus;
  readonly resolvedAt: string | null;
  readonly resolution: string | null;
  /** Filing to resolution in hours (exact: from millisecond timestamps). */
  readonly resolutionHours: number | null;
  /** 1–5 when the customer answered; null otherwise. */
  readonly satisfaction: number | null;
  /**
   * Handling (version 2). A resolution without an explicit acknowledgement implies one at its
   * time: `acknowledgement` says which it was.
   */
  readonly acknowledgedAt: string | null;
  readonly acknowledgement: 'explicit' | 'implicit' | null;
  readonly acknowledgedBy: string | null;
  readonly assignedAgent: string | null;
  readonly assignedTeam: string | null;
  /** 0 while never escalated. */
  readonly escalationLevel: number;
  readonly firstResolvedAt: string | null;
  readonly reopenCount: number;
  /** The latest reopening: the current resolution cycle's start. */
  readonly reopenedAt: string | null;
  /** SLA breaches recorded by the deadline process (ComplaintSlaBreached). */
  readonly breaches: readonly { readonly milestone: SlaMilestone; readonly dueAt: string }[];
  /** True once the customer's personal data was erased; absent before. */
  readonly erased?: true;
}

export const COMPLAINTS = 'complaints';

const MS_PER_HOUR = 3_600_000;

export function complaintDocId(customerId: string, complaintId: string): string {
  return `${customerId}:${complaintId}`;
}

const COMPLAINT_EVENTS: ReadonlySet<string> = new Set([
  'ComplaintFiled',
  'ComplaintResolved',
  'ComplaintAcknowledged',
  'ComplaintAssigned',
  'ComplaintEscalated',
  'ComplaintReopened',
  'ComplaintSlaBreached',
]);

export const complaintsProjection: DocumentProjection<ComplaintDoc> = {
  name: COMPLAINTS,
  // 2: handling (acknowledgement, assignment, escalation, reopening, breaches); resolutions imply acknowledgement.
  version: 2,
  indexes: [{ field: 'customerId' }, { field: 'status' }, { field: 'category' }, { field: 'severity' }, { field: 'filedAt' }, { field: 'acknowledgedAt' }, { field: 'resolvedAt' }],
  keysOf: (event) =>
    event.type === 'CustomerErased'
      ? event.data.complaintIds.map((complaintId) => complaintDocId(event.data.customerId, complaintId))
      : COMPLAINT_EVENTS.has(event.type) ? [complaintDocId(event.data.customerId, (event.data as { complaintId: string }).complaintId)] : [],
  evolve(doc, event) {
    if (event.type === 'ComplaintFiled') {
      // The rules refuse a second filing under the same id; the first one stands.
      if (doc !== undefined) return doc;
      const d = event.data;
      return {
        customerId: d.customerId,
        complaintId: d.complaintId,
        category: d.category,
        severity: d.severity,
        channel: d.channel,
        description: d.description,
        filedAt: event.occurredAt,
        status: 'open',
        resolvedAt: null,
        resolution: null,
        resolutionHours: null,
        satisfaction: null,
        acknowledgedAt: null,
        acknowledgement: null,
        acknowledgedBy: null,
        assignedAgent: null,
        assignedTeam: null,
        escalationLevel: 0,
        firstResolvedAt: null,
        reopenCount: 0,
        reopenedAt: null,
        breaches: [],
      };
    }
    if (doc === undefined) return doc;
    if (event.type === 'ComplaintResolved') {
      // Only an open complaint the projection has seen filed can be resolved (as the rules say).
      if (doc.status !== 'open') return doc;
      return {
        ...doc,
        status: 'resolved',
        resolvedAt: event.occurredAt,
        resolution: event.data.resolution,
        resolutionHours: (Date.parse(event.occurredAt) - Date.parse(doc.filedAt)) / MS_PER_HOUR,
        satisfaction: event.data.satisfaction ?? null,
        firstResolvedAt: doc.firstResolvedAt ?? event.occurredAt,
        ...(doc.acknowledgedAt === null && { acknowledgedAt: event.occurredAt, acknowledgement: 'implicit' as const }),
      };
    }
    switch (event.type) {
      case 'CustomerErased':
        // The texts and names the complaint's events held; the rebuild after the erasure reads them null.
        return { ...doc, description: null, resolution: null, acknowledgedBy: null, assignedAgent: null, erased: true };
      case 'ComplaintAcknowledged':
        if (doc.acknowledgedAt !== null) return doc;
        return { ...doc, acknowledgedAt: event.occurredAt, acknowledgement: 'explicit', acknowledgedBy: event.data.acknowledgedBy };
      case 'ComplaintAssigned':
        return { ...doc, assignedAgent: event.data.agent ?? null, assignedTeam: event.data.team ?? null };
      case 'ComplaintEscalated':
        return { ...doc, escalationLevel: Math.max(doc.escalationLevel, event.data.level) };
      case 'ComplaintReopened':
        // Open again: the resolution no longer stands; the next one is timed from the filing, its SLA from the reopening.
        if (doc.status !== 'resolved') return doc;
        return { ...doc, status: 'open', resolvedAt: null, resolution: null, resolutionHours: null, reopenCount: doc.reopenCount + 1, reopenedAt: event.occurredAt };
      case 'ComplaintSlaBreached':
        return { ...doc, breaches: [...doc.breaches, { milestone: event.data.milestone, dueAt: event.data.dueAt }] };
      default:
        return doc;
    }
  },
};
