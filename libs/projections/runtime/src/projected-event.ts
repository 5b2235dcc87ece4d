import { upcastCustomerEvent } from '@lifeline/customers/domain';
import type { RecordedEvent } from '@lifeline/event-store/port';
import type { ProjectedEvent } from './projection';

/** Lifts a stored event to the current schema and keeps where and when the store put it. */
export function toProjectedEvent(recorded: RecordedEvent): ProjectedEvent {
  const { type, schemaVersion, occurredAt, data } = recorded;
  const event = upcastCustomerEvent({ type, schemaVersion, occurredAt, data });
  const { eventId, streamId, revision, position, recordedAt, metadata } = recorded;
  return { ...event, eventId, streamId, revision, position, recordedAt, metadata } as ProjectedEvent;
}
