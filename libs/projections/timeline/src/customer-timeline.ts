import { formatMinorUnits, type CustomerEvent, type CustomerEventType } from '@lifeline/customers/domain';
import { PERSONAL_FIELDS } from '@lifeline/personal-data';
import type { DocumentProjection, ProjectedEvent } from '@lifeline/projections/runtime';

/** One entry of a customer's timeline: one document per event, so the store can page by keyset. */
export interface TimelineEntry {
  readonly customerId: string;
  readonly eventId: string;
  readonly type: CustomerEventType;
  readonly occurredAt: string;
  readonly position: number;
  readonly revision: number;
  /** One line for a human, e.g. "Purchase of 19.99 EUR (order o-17)". */
  readonly summary: string;
  /** The event's data as recorded. */
  readonly details: CustomerEvent['data'];
  /** Business time, then global position: the timeline's order, unique and stable as events arrive. */
  readonly sortKey: string;
}

export const CUSTOMER_TIMELINES = 'customer-timelines';

/** Wide enough for any safe integer, so positions sort as text. */
const POSITION_DIGITS = 16;

const padPosition = (position: number) => String(position).padStart(POSITION_DIGITS, '0');

/**
 * `occurredAt` normalised to the fixed-width UTC form, so text order is time order, followed
 * by the position, so events at the same instant keep their commit order.
 */
export function timelineSortKey(occurredAt: string, position: number): string {
  return `${new Date(occurredAt).toISOString()}|${padPosition(position)}`;
}

/**
 * Document id: the customer, then the event's stream revision (unique per customer, and
 * sortable). By revision rather than position (version 1) so that a customer's erasure, at
 * revision n, names every entry it rewrites: revisions 0 to n.
 */
export function timelineEntryId(customerId: string, revision: number): string {
  return `${customerId}:r${padPosition(revision)}`;
}

/** The entry with the personal values of its event's data null, as a rebuild after the erasure makes it. */
function erasedEntry(entry: TimelineEntry): TimelineEntry {
  const details: Record<string, unknown> = { ...entry.details };
  for (const field of PERSONAL_FIELDS[entry.type]) if (details[field] !== undefined) details[field] = null;
  const event = { type: entry.type, schemaVersion: 1, occurredAt: entry.occurredAt, data: details } as unknown as CustomerEvent;
  return { ...entry, details: event.data, summary: summarize(event) };
}

const words = (value: string) => value.replace(/_/g, ' ');

/** What a summary shows where an erased customer's personal value was. */
export const ERASED_TEXT = '[erased]';

export function summarize(event: CustomerEvent): string {
  switch (event.type) {
    case 'CustomerAcquired': {
      const d = event.data;
      const extras = [d.keyAccount ? 'key account' : undefined, d.segment && `segment ${d.segment}`].filter(Boolean);
      return `Acquired via ${words(d.acquisitionChannel)}: ${d.name ?? ERASED_TEXT}${extras.length ? ` (${extras.join(', ')})` : ''}`;
    }
    case 'CustomerContacted': {
      const d = event.data;
      const purpose = d.purpose === undefined ? '' : `, ${d.purpose}`;
      return `Contacted ${d.channel === 'in_person' ? 'in person' : `by ${d.channel}`} (${d.direction}${purpose}): ${d.topic}`;
    }
    case 'ComplaintFiled': {
      const d = event.data;
      return `Complaint ${d.complaintId} filed: ${d.category}, ${d.severity} severity`;
    }
    case 'ComplaintResolved': {
      const d = event.data;
      const satisfaction = d.satisfaction === undefined ? '' : ` (satisfaction ${d.satisfaction}/5)`;
      return `Complaint ${d.complaintId} resolved: ${d.resolution ?? ERASED_TEXT}${satisfaction}`;
    }
    case 'PurchaseRecorded': {
      const d = event.data;
      return `Purchase of ${formatMinorUnits(d.amount)} ${d.currency} (order ${d.orderId})`;
    }
    case 'CustomerChurned':
      return `Churned: ${words(event.data.reason)}`;
    case 'CustomerReactivated':
      return event.data.channel === undefined ? 'Reactivated' : `Reactivated via ${words(event.data.channel)}`;
    case 'ComplaintAcknowledged':
      return `Complaint ${event.data.complaintId} acknowledged by ${event.data.acknowledgedBy ?? ERASED_TEXT}`;
    case 'ComplaintAssigned': {
      const d = event.data;
      return `Complaint ${d.complaintId} assigned to ${[d.agent === null ? ERASED_TEXT : d.agent, d.team && `team ${d.team}`].filter(Boolean).join(', ')}`;
    }
    case 'ComplaintEscalated':
      return `Complaint ${event.data.complaintId} escalated to level ${event.data.level}: ${event.data.reason ?? ERASED_TEXT}`;
    case 'ComplaintReopened':
      return `Complaint ${event.data.complaintId} reopened: ${event.data.reason ?? ERASED_TEXT}`;
    case 'ComplaintSlaBreached':
      return `Complaint ${event.data.complaintId}: ${event.data.milestone} overdue (due ${event.data.dueAt})`;
    case 'CustomerErased':
      return 'Personal data erased (GDPR Art. 17)';
    case 'SurveyAnswered': {
      const d = event.data;
      const scale = { nps: '10', csat: '5', ces: '7' }[d.kind];
      return `Survey ${d.surveyId} answered: ${d.kind.toUpperCase()} ${d.score}/${scale}${d.touchpoint === undefined ? '' : ` (${words(d.touchpoint)})`}`;
    }
    case 'ConsentGiven':
      return `Consent given: ${event.data.purpose} by ${event.data.channel}`;
    case 'ConsentWithdrawn':
      return `Consent withdrawn: ${event.data.purpose} by ${event.data.channel}`;
  }
}

export const customerTimelineProjection: DocumentProjection<TimelineEntry> = {
  name: CUSTOMER_TIMELINES,
  // 2: entries keyed by revision, rewritten by an erasure.
  version: 2,
  // The one query: a customer's entries by sortKey. One compound index serves its pages straight
  // off the index (a sortKey index alone served nothing, and each index costs every insert).
  indexes: [{ field: 'customerId', then: ['sortKey'] }],
  documentPerEvent: true,
  keysOf: (event) =>
    event.type === 'CustomerErased'
      ? Array.from({ length: event.revision + 1 }, (_, revision) => timelineEntryId(event.data.customerId, revision))
      : [timelineEntryId(event.data.customerId, event.revision)],
  rewritesEarlierDocuments: (event) => event.type === 'CustomerErased',
  // The entry depends on the event alone, so a redelivered event rewrites the same document;
  // an erasure rewrites the customer's earlier entries without their personal values.
  evolve: (entry, event: ProjectedEvent, key) => {
    if (event.type === 'CustomerErased' && key !== timelineEntryId(event.data.customerId, event.revision)) {
      return entry === undefined ? undefined : erasedEntry(entry);
    }
    return entryOf(event);
  },
};

function entryOf(event: ProjectedEvent): TimelineEntry {
  return {
    customerId: event.data.customerId,
    eventId: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt,
    position: event.position,
    revision: event.revision,
    summary: summarize(event),
    details: event.data,
    sortKey: timelineSortKey(event.occurredAt, event.position),
  };
}
