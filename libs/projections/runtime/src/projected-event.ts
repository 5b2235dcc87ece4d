import { upcastCustomerEvent } from '@lifeline/customers/domain';
import type { RecordedEvent } from '@lifeline/event-store/port';
import type { ProjectedEvent } from './projection';

/** Lifts a stored event to the current schema and keeps where and when the store put it. */
export function toProjectedEvent(recorded: RecordedEvent): ProjectedEvent {
  const { type, schemaVersion, occurredAt, data } = recorded;
  const event = upcastCustomerEvent({ type, schemaVersion, occurredAt, data });
  const { eventId, streamId, revision, position, recordedAt, metadata } = recorded;
  // Spelled out rather than spread: every event then has one object shape, which keeps the
  // projections' property reads fast on a rebuild of millions of events.
  return {
    type: event.type,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    data: event.data,
    eventId,
    streamId,
    revision,
    position,
    recordedAt,
    metadata,
  } as ProjectedEvent;
}
