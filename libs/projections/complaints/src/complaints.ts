import type { ComplaintCategory, ComplaintSeverity, ContactChannel } from '@lifeline/customers/domain';
import type { DocumentProjection } from '@lifeline/projections/runtime';

export type ComplaintStatus = 'open' | 'resolved';

/** One complaint; times are business times. */
export interface ComplaintDoc {
  readonly customerId: string;
  readonly complaintId: string;
  readonly category: ComplaintCategory;
  readonly severity: ComplaintSeverity;
  readonly channel: ContactChannel;
  readonly description: string;
  readonly filedAt: string;
  readonly status: ComplaintStatus;
  readonly resolvedAt: string | null;
  readonly resolution: string | null;
  /** Filing to resolution in hours (exact: from millisecond timestamps). */
  readonly resolutionHours: number | null;
  /** 1–5 when the customer answered; null otherwise. */
  readonly satisfaction: number | null;
}

export const COMPLAINTS = 'complaints';

const MS_PER_HOUR = 3_600_000;

export function complaintDocId(customerId: string, complaintId: string): string {
  return `${customerId}:${complaintId}`;
}

export const complaintsProjection: DocumentProjection<ComplaintDoc> = {
  name: COMPLAINTS,
  version: 1,
  indexes: [{ field: 'customerId' }, { field: 'status' }, { field: 'category' }, { field: 'severity' }, { field: 'filedAt' }],
  keysOf: (event) =>
    event.type === 'ComplaintFiled' || event.type === 'ComplaintResolved'
      ? [complaintDocId(event.data.customerId, event.data.complaintId)]
      : [],
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
      };
    }
    if (event.type === 'ComplaintResolved') {
      // Only an open complaint the projection has seen filed can be resolved (as the rules say).
      if (doc === undefined || doc.status !== 'open') return doc;
      return {
        ...doc,
        status: 'resolved',
        resolvedAt: event.occurredAt,
        resolution: event.data.resolution,
        resolutionHours: (Date.parse(event.occurredAt) - Date.parse(doc.filedAt)) / MS_PER_HOUR,
        satisfaction: event.data.satisfaction ?? null,
      };
    }
    return doc;
  },
};
