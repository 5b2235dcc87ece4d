import { CURRENT_SCHEMA_VERSION, isCustomerEventType, type CustomerEvent } from './events';

/** An event as stored: any schema version ever published. */
export interface StoredEventShape {
  readonly type: string;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly data: unknown;
}

/**
 * Upcasters lift an old schema version one step: key `${type}@${fromVersion}`.
 * None exist yet (everything is v1); when a v2 is published, its v1 -> v2 lifter goes here
 * and every reader (decider, projections, publishers) sees only the current shape.
 */
export type Upcaster = (event: StoredEventShape) => StoredEventShape;
const UPCASTERS: Readonly<Record<string, Upcaster>> = {};

export class UnknownEventError extends Error {}

export function upcastCustomerEvent(stored: StoredEventShape, upcasters: Readonly<Record<string, Upcaster>> = UPCASTERS): CustomerEvent {
  if (!isCustomerEventType(stored.type)) throw new UnknownEventError(`unknown event type ${stored.type}`);
  let event = stored;
  const keyOf = (e: StoredEventShape) => `${e.type}@${e.schemaVersion}`;
  for (let lift = upcasters[keyOf(event)]; lift; lift = upcasters[keyOf(event)]) event = lift(event);
  if (event.schemaVersion !== CURRENT_SCHEMA_VERSION) {
    throw new UnknownEventError(`${event.type} v${event.schemaVersion} is newer than this build understands (v${CURRENT_SCHEMA_VERSION})`);
  }
  return event as CustomerEvent;
}
