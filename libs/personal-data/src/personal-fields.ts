import type { CustomerEventType } from '@lifeline/customers/domain';

/**
 * The fields of customer events that hold personal data (GDPR Art. 4(1)): what a person is
 * called and how to reach them, and free texts, which can say anything about anyone.
 * Everything else (ids, channels, segments, amounts, dates, reasons, scores) is what
 * analytics runs on and is not personal once the name and contact details are gone.
 * docs/security.md explains the choice; an event type added later must be reviewed here.
 */
export const PERSONAL_FIELDS: Readonly<Record<CustomerEventType, readonly string[]>> = {
  CustomerAcquired: ['name', 'email', 'accountManager'],
  CustomerContacted: ['note', 'agent'],
  ComplaintFiled: ['description'],
  ComplaintResolved: ['resolution'],
  PurchaseRecorded: [],
  CustomerChurned: [],
  CustomerReactivated: [],
  // Agents are people (as CustomerContacted's agent); reasons and comments are free texts.
  ComplaintAcknowledged: ['acknowledgedBy'],
  ComplaintAssigned: ['agent'],
  ComplaintEscalated: ['reason'],
  ComplaintReopened: ['reason'],
  ComplaintSlaBreached: [],
  SurveyAnswered: ['comment'],
  // The source is a free text (a form, a call, a letter), so it may name a person.
  ConsentGiven: ['source'],
  ConsentWithdrawn: ['source'],
  CustomerErased: [],
};

export interface PersonalValue {
  readonly eventId: string;
  readonly eventType: string;
  readonly occurredAt: string;
  readonly field: string;
  readonly value: unknown;
}

/** Every personal value the events hold, in stream order. */
export function personalValuesOf(events: readonly { eventId: string; type: string; occurredAt: string; data: Record<string, unknown> }[]): PersonalValue[] {
  return events.flatMap((event) =>
    (PERSONAL_FIELDS[event.type as CustomerEventType] ?? [])
      .filter((field) => event.data[field] !== undefined && event.data[field] !== null)
      .map((field) => ({ eventId: event.eventId, eventType: event.type, occurredAt: event.occurredAt, field, value: event.data[field] })),
  );
}
