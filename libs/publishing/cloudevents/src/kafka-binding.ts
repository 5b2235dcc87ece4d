import type { RecordedEvent } from '@lifeline/event-store/port';
import { toCloudEvent, type CloudEventOptions, type LifelineCloudEvent } from './cloud-event';

/**
 * CloudEvents Kafka protocol binding 1.0, binary content mode: the value is the event data,
 * every other context attribute is a `ce_<name>` header and `datacontenttype` is the
 * `content-type` header. The key is the customer id, so one customer's events share a
 * partition and keep their order. Structurally a kafkajs `Message`.
 */
export interface CloudEventKafkaMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export const CLOUDEVENT_HEADER_PREFIX = 'ce_';

export function toKafkaMessage(event: RecordedEvent, options: CloudEventOptions = {}): CloudEventKafkaMessage {
  const { data, datacontenttype, ...attributes } = toCloudEvent(event, options);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) headers[`${CLOUDEVENT_HEADER_PREFIX}${name}`] = String(value);
  }
  headers['content-type'] = datacontenttype;
  return { key: attributes.subject, value: JSON.stringify(data), headers };
}

/** Header values as kafkajs hands them to consumers. */
export type ReceivedHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

const INTEGER_ATTRIBUTES = new Set(['revision', 'schemaversion']);
const REQUIRED_ATTRIBUTES = ['specversion', 'id', 'source', 'type'] as const;

/**
 * The reverse mapping, for consumers (see docs/consumers.md): rebuilds the CloudEvent from a
 * received message. Throws when a required attribute is missing or the spec version is not 1.0.
 */
export function fromKafkaMessage(message: { value: Buffer | string | null; headers?: ReceivedHeaders }): LifelineCloudEvent {
  const attributes: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(message.headers ?? {})) {
    if (!name.startsWith(CLOUDEVENT_HEADER_PREFIX) || raw === undefined) continue;
    const text = (Array.isArray(raw) ? raw[raw.length - 1]! : raw).toString();
    const attribute = name.slice(CLOUDEVENT_HEADER_PREFIX.length);
    attributes[attribute] = INTEGER_ATTRIBUTES.has(attribute) ? Number(text) : text;
  }
  for (const required of REQUIRED_ATTRIBUTES) {
    if (typeof attributes[required] !== 'string') throw new Error(`not a CloudEvent: header ce_${required} is missing`);
  }
  if (attributes['specversion'] !== '1.0') throw new Error(`unsupported CloudEvents specversion ${String(attributes['specversion'])}`);
  if (message.value === null) throw new Error(`CloudEvent ${String(attributes['id'])} has no data`);
  const contentType = message.headers?.['content-type']?.toString() ?? 'application/json';
  return {
    ...attributes,
    datacontenttype: contentType,
    data: JSON.parse(message.value.toString()) as Record<string, unknown>,
  } as LifelineCloudEvent;
}
