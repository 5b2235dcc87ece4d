import { customerIdFromStream } from '@lifeline/customers/domain';
import type { RecordedEvent } from '@lifeline/event-store/port';

/**
 * A lifecycle event as a CloudEvents 1.0 event (JSON format). Context attributes are the
 * spec's required and optional ones plus Lifeline extensions (lowercase alphanumerics,
 * at most 20 characters, as the spec recommends). See docs/asyncapi.yaml.
 */
export interface LifelineCloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
  /** When the event store committed the event (ISO-8601). */
  recordedtime: string;
  /** Global position in the event store, as a string: it can exceed a CloudEvents Integer. */
  position: string;
  /** Revision within the customer's stream, from 0. */
  revision: number;
  schemaversion: number;
  correlationid?: string;
  causationid?: string;
  /** Who caused it (`key:<name>`, `jwt:<subject>`, `local`, `cli:<user>`): the event metadata's principal. */
  principal?: string;
}

export const DEFAULT_CLOUDEVENT_SOURCE = '/lifeline/customers';
export const CLOUDEVENT_TYPE_PREFIX = 'com.lifeline.customer.';

/** Every extension attribute Lifeline sets; the order is the header order on Kafka. */
export const LIFELINE_EXTENSIONS = ['recordedtime', 'position', 'revision', 'schemaversion', 'correlationid', 'causationid', 'principal'] as const;

export interface CloudEventOptions {
  /** URI-reference identifying this producer; default '/lifeline/customers'. */
  source?: string;
}

/**
 * `com.lifeline.customer.<EventType>.v<schemaVersion>`, e.g.
 * `com.lifeline.customer.PurchaseRecorded.v1`. Stable: a new meaning gets a new version.
 */
export function cloudEventType(eventType: string, schemaVersion: number): string {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(eventType)) throw new Error(`event type "${eventType}" cannot be part of a CloudEvents type`);
  if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) throw new Error(`schemaVersion must be a positive integer, got ${schemaVersion}`);
  return `${CLOUDEVENT_TYPE_PREFIX}${eventType}.v${schemaVersion}`;
}

export function toCloudEvent(event: RecordedEvent, options: CloudEventOptions = {}): LifelineCloudEvent {
  const source = options.source ?? DEFAULT_CLOUDEVENT_SOURCE;
  if (source.length === 0) throw new Error('CloudEvents source must be a non-empty URI-reference');
  const cloudEvent: LifelineCloudEvent = {
    specversion: '1.0',
    id: event.eventId,
    source,
    type: cloudEventType(event.type, event.schemaVersion),
    subject: subjectOf(event),
    time: event.occurredAt,
    datacontenttype: 'application/json',
    data: event.data,
    recordedtime: event.recordedAt,
    position: String(event.position),
    revision: event.revision,
    schemaversion: event.schemaVersion,
  };
  // Absent optional attributes are omitted, not null (CloudEvents JSON format, 3.1).
  const { correlationId, causationId, principal } = event.metadata;
  if (typeof correlationId === 'string' && correlationId !== '') cloudEvent.correlationid = correlationId;
  if (typeof causationId === 'string' && causationId !== '') cloudEvent.causationid = causationId;
  if (typeof principal === 'string' && principal !== '') cloudEvent.principal = principal;
  return cloudEvent;
}

/** The customer the event is about: from the data, else from the stream id. */
export function subjectOf(event: Pick<RecordedEvent, 'data' | 'streamId' | 'eventId'>): string {
  const fromData = event.data['customerId'];
  if (typeof fromData === 'string' && fromData !== '') return fromData;
  const fromStream = customerIdFromStream(event.streamId);
  if (fromStream) return fromStream;
  throw new Error(`event ${event.eventId} in stream ${event.streamId} names no customer`);
}
