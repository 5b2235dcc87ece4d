import fc from 'fast-check';
import { CUSTOMER_EVENT_TYPES } from '@lifeline/customers/domain';
import type { RecordedEvent } from '@lifeline/event-store/port';
import { LIFELINE_EXTENSIONS, toCloudEvent } from './cloud-event';
import { fromKafkaMessage, toKafkaMessage } from './kafka-binding';

const purchase: RecordedEvent = {
  eventId: '9a3c2f6e-1d4b-4e8a-b1c2-3d4e5f607182',
  type: 'PurchaseRecorded',
  schemaVersion: 1,
  occurredAt: '2024-05-02T09:30:00.000Z',
  data: { customerId: 'c-42', orderId: 'o-1', amount: 1999, currency: 'EUR' },
  metadata: { correlationId: 'req-7', causationId: 'cmd-3', actor: 'import' },
  streamId: 'customer-c-42',
  revision: 5,
  position: 3_000_000_000,
  recordedAt: '2024-05-02T09:30:01.250Z',
};

// CloudEvents 1.0 core spec, section 2 ("Attribute Naming Convention") and 3.1 (required attributes).
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe('toCloudEvent', () => {
  it('carries the required attributes, non-empty, with specversion 1.0 and the event id as id', () => {
    const event = toCloudEvent(purchase);
    expect(event).toMatchObject({ specversion: '1.0', id: purchase.eventId, source: '/lifeline/customers', type: 'com.lifeline.customer.PurchaseRecorded.v1' });
    for (const required of ['id', 'source', 'specversion', 'type'] as const) expect(event[required]).not.toBe('');
  });

  it('names every attribute with lowercase alphanumerics and keeps extension names within 20 characters', () => {
    for (const name of Object.keys(toCloudEvent(purchase))) expect(name).toMatch(ATTRIBUTE_NAME);
    for (const extension of LIFELINE_EXTENSIONS) {
      expect(extension).toMatch(ATTRIBUTE_NAME);
      expect(extension.length).toBeLessThanOrEqual(20);
    }
  });

  it('uses business time as time, the customer as subject, the event data as data, and RFC 3339 timestamps', () => {
    const event = toCloudEvent(purchase);
    expect(event.time).toBe('2024-05-02T09:30:00.000Z');
    expect(event.time).toMatch(RFC3339);
    expect(event.recordedtime).toMatch(RFC3339);
    expect(event.subject).toBe('c-42');
    expect(event.datacontenttype).toBe('application/json');
    expect(event.data).toEqual({ customerId: 'c-42', orderId: 'o-1', amount: 1999, currency: 'EUR' });
  });

  it('carries store facts and tracing ids as extensions; position is a string so values past 2^31 survive', () => {
    expect(toCloudEvent(purchase)).toMatchObject({
      recordedtime: '2024-05-02T09:30:01.250Z',
      position: '3000000000',
      revision: 5,
      schemaversion: 1,
      correlationid: 'req-7',
      causationid: 'cmd-3',
    });
  });

  it('names who caused the event in the principal extension, also on Kafka headers', () => {
    const byKey = { ...purchase, metadata: { ...purchase.metadata, principal: 'key:crm-sync' } };
    expect(toCloudEvent(byKey).principal).toBe('key:crm-sync');
    expect(toCloudEvent(purchase).principal).toBeUndefined();
    expect(toKafkaMessage(byKey).headers).toMatchObject({ ce_principal: 'key:crm-sync' });
    expect(fromKafkaMessage(toKafkaMessage(byKey))).toMatchObject({ principal: 'key:crm-sync' });
  });

  it('omits absent optional attributes instead of sending null or empty strings', () => {
    const event = toCloudEvent({ ...purchase, metadata: { correlationId: '' } });
    expect(event).not.toHaveProperty('correlationid');
    expect(event).not.toHaveProperty('causationid');
  });

  it('gives every lifecycle event type a stable, versioned CloudEvents type', () => {
    const types = CUSTOMER_EVENT_TYPES.map((type) => toCloudEvent({ ...purchase, type }).type);
    expect(types).toEqual([
      'com.lifeline.customer.CustomerAcquired.v1',
      'com.lifeline.customer.CustomerContacted.v1',
      'com.lifeline.customer.ComplaintFiled.v1',
      'com.lifeline.customer.ComplaintResolved.v1',
      'com.lifeline.customer.PurchaseRecorded.v1',
      'com.lifeline.customer.CustomerChurned.v1',
      'com.lifeline.customer.CustomerReactivated.v1',
      'com.lifeline.customer.ComplaintAcknowledged.v1',
      'com.lifeline.customer.ComplaintAssigned.v1',
      'com.lifeline.customer.ComplaintEscalated.v1',
      'com.lifeline.customer.ComplaintReopened.v1',
      'com.lifeline.customer.ComplaintSlaBreached.v1',
      'com.lifeline.customer.SurveyAnswered.v1',
      'com.lifeline.customer.ConsentGiven.v1',
      'com.lifeline.customer.ConsentWithdrawn.v1',
      'com.lifeline.customer.CustomerErased.v1',
    ]);
    expect(toCloudEvent({ ...purchase, schemaVersion: 2 }).type).toBe('com.lifeline.customer.PurchaseRecorded.v2');
  });

  it('takes a configured source', () => {
    expect(toCloudEvent(purchase, { source: 'https://crm.example.com/lifeline' }).source).toBe('https://crm.example.com/lifeline');
  });

  it('falls back to the stream id for the subject and refuses an event that names no customer', () => {
    expect(toCloudEvent({ ...purchase, data: { orderId: 'o-1' } }).subject).toBe('c-42');
    expect(() => toCloudEvent({ ...purchase, data: {}, streamId: 'orders-1' })).toThrow(/names no customer/);
  });

  it('refuses an event type that would make a malformed CloudEvents type', () => {
    expect(() => toCloudEvent({ ...purchase, type: 'Purchase.Recorded' })).toThrow(/CloudEvents type/);
  });
});

describe('toKafkaMessage (Kafka protocol binding, binary mode)', () => {
  it('keys by customer id, puts the data in the value and the content type in the content-type header', () => {
    const message = toKafkaMessage(purchase);
    expect(message.key).toBe('c-42');
    expect(JSON.parse(message.value)).toEqual(purchase.data);
    expect(message.headers['content-type']).toBe('application/json');
    expect(message.headers).not.toHaveProperty('ce_datacontenttype');
    expect(message.headers).not.toHaveProperty('ce_data');
  });

  it('maps every other attribute to a ce_ header with its canonical string value', () => {
    expect(toKafkaMessage(purchase).headers).toEqual({
      ce_specversion: '1.0',
      ce_id: purchase.eventId,
      ce_source: '/lifeline/customers',
      ce_type: 'com.lifeline.customer.PurchaseRecorded.v1',
      ce_subject: 'c-42',
      ce_time: '2024-05-02T09:30:00.000Z',
      ce_recordedtime: '2024-05-02T09:30:01.250Z',
      ce_position: '3000000000',
      ce_revision: '5',
      ce_schemaversion: '1',
      ce_correlationid: 'req-7',
      ce_causationid: 'cmd-3',
      'content-type': 'application/json',
    });
  });

  it('round-trips through the bytes a consumer receives', () => {
    const customerId = fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/);
    fc.assert(
      fc.property(customerId, fc.option(fc.string({ minLength: 1 }), { nil: undefined }), fc.nat(), (id, correlationId, position) => {
        const event: RecordedEvent = {
          ...purchase,
          data: { ...purchase.data, customerId: id },
          metadata: correlationId === undefined ? {} : { correlationId },
          position,
        };
        const sent = toKafkaMessage(event);
        const received = {
          value: Buffer.from(sent.value),
          headers: Object.fromEntries(Object.entries(sent.headers).map(([k, v]) => [k, Buffer.from(v)])),
        };
        expect(fromKafkaMessage(received)).toEqual(toCloudEvent(event));
      }),
    );
  });

  it('refuses a message that is not a CloudEvents 1.0 event', () => {
    const { headers, value } = toKafkaMessage(purchase);
    const { ce_id: _dropped, ...withoutId } = headers;
    expect(() => fromKafkaMessage({ value, headers: withoutId })).toThrow(/ce_id is missing/);
    expect(() => fromKafkaMessage({ value, headers: { ...headers, ce_specversion: '0.3' } })).toThrow(/specversion 0.3/);
  });
});
