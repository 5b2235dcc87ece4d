import { customerStreamId, type CustomerEvent } from '@lifeline/customers/domain';
import type { ProjectedEvent } from '@lifeline/projections/runtime';

/** A UUID-shaped event id derived from the position, so test data is reproducible. */
export function eventIdForPosition(position: number): string {
  return `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`;
}

/** Store time: one millisecond per position after a fixed instant, so it increases with position. */
export function recordedAtForPosition(position: number): string {
  return new Date(Date.parse('2030-01-01T00:00:00.000Z') + position).toISOString();
}

export interface Placement {
  readonly revision: number;
  readonly position: number;
}

/** Places one domain event in the store as the runtime would hand it to a projection. */
export function projected(event: CustomerEvent, { revision, position }: Placement): ProjectedEvent {
  return {
    ...event,
    eventId: eventIdForPosition(position),
    streamId: customerStreamId(event.data.customerId),
    revision,
    position,
    recordedAt: recordedAtForPosition(position),
    metadata: { actor: 'test' },
  } as ProjectedEvent;
}

/**
 * One customer's events in stream order: revisions 0, 1, 2, ... and positions
 * `firstPosition`, `firstPosition + 1`, ... (the global log of a single-customer test).
 */
export function projectedStream(events: readonly CustomerEvent[], firstPosition = 1): ProjectedEvent[] {
  return events.map((event, revision) => projected(event, { revision, position: firstPosition + revision }));
}
