import type { CustomerCommand } from './commands';
import { CONSENT_CHANNELS } from './consents';
import { customerDecider } from './decider';
import type { CustomerEvent } from './events';
import { deciderSpecification } from './testing/decider-specification';

const spec = deciderSpecification(customerDecider({ currency: 'EUR' }));
const NOW = '2025-06-01T12:00:00.000Z';
const AT = '2025-05-01T12:00:00.000Z';
const LATER = '2025-05-20T12:00:00.000Z';
const acquired: CustomerEvent = {
  type: 'CustomerAcquired',
  schemaVersion: 1,
  occurredAt: '2025-01-10T09:00:00.000Z',
  data: { customerId: 'c-1', name: 'Ada', acquisitionChannel: 'web', keyAccount: false },
};
const consent = (payload: object, occurredAt = AT): CustomerCommand =>
  ({ type: 'RecordConsent', customerId: 'c-1', issuedAt: NOW, occurredAt, payload: { purpose: 'marketing', channel: 'email', granted: true, ...payload } }) as CustomerCommand;
const given = (data: object = {}, occurredAt = AT): CustomerEvent =>
  ({ type: 'ConsentGiven', schemaVersion: 1, occurredAt, data: { customerId: 'c-1', purpose: 'marketing', channel: 'email', ...data } }) as CustomerEvent;
const withdrawn = (data: object = {}, occurredAt = AT): CustomerEvent =>
  ({ type: 'ConsentWithdrawn', schemaVersion: 1, occurredAt, data: { customerId: 'c-1', purpose: 'marketing', channel: 'email', ...data } }) as CustomerEvent;
const contact = (payload: object, occurredAt = LATER): CustomerCommand =>
  ({
    type: 'RecordContact',
    customerId: 'c-1',
    issuedAt: NOW,
    occurredAt,
    payload: { contactId: 'ct-1', channel: 'email', direction: 'outbound', topic: 'summer offer', purpose: 'marketing', ...payload },
  }) as CustomerCommand;
const contacted = (data: object = {}, occurredAt = LATER): CustomerEvent =>
  ({
    type: 'CustomerContacted',
    schemaVersion: 1,
    occurredAt,
    data: { customerId: 'c-1', contactId: 'ct-1', channel: 'email', direction: 'outbound', topic: 'summer offer', purpose: 'marketing', ...data },
  }) as CustomerEvent;

describe('RecordConsent', () => {
  it('records a given consent with its source, and a withdrawal', () => {
    spec.given([acquired]).when(consent({ source: 'web form: newsletter sign-up' })).then([given({ source: 'web form: newsletter sign-up' })]);
    spec.given([acquired, given()]).when(consent({ granted: false }, LATER)).then([withdrawn({}, LATER)]);
  });

  it('giving a consent that stands changes nothing (no event), and so does withdrawing a withdrawn one', () => {
    spec.given([acquired, given()]).when(consent({ source: 'again' }, LATER)).then([]);
    spec.given([acquired, withdrawn()]).when(consent({ granted: false }, LATER)).then([]);
  });

  it('withdrawing a consent never given is recorded: an explicit objection', () => {
    spec.given([acquired]).when(consent({ granted: false })).then([withdrawn()]);
  });

  it('gives again after a withdrawal', () => {
    spec.given([acquired, given(), withdrawn({}, LATER)]).when(consent({}, '2025-05-25T00:00:00.000Z')).then([given({}, '2025-05-25T00:00:00.000Z')]);
  });

  it('without a channel applies to every channel, with one event per channel that changes', () => {
    const allChannels = CONSENT_CHANNELS.map((channel) => withdrawn({ channel }, LATER));
    spec.given([acquired]).when(consent({ channel: undefined, granted: false }, LATER)).then(allChannels);
    spec
      .given([acquired, given({ channel: 'email' }), given({ channel: 'post' })])
      .when(consent({ channel: undefined, granted: false }, LATER))
      .then(['email', 'phone', 'sms', 'post'].map((channel) => withdrawn({ channel }, LATER)));
    spec.given([acquired, given({ channel: 'email' })]).when(consent({ channel: undefined })).then(['phone', 'sms', 'post'].map((channel) => given({ channel })));
  });

  it('keeps purposes and channels apart', () => {
    spec.given([acquired, given()]).when(consent({ purpose: 'research' })).then([given({ purpose: 'research' })]);
    spec.given([acquired, given()]).when(consent({ channel: 'sms' })).then([given({ channel: 'sms' })]);
  });

  it('refuses a change dated before the current consent of that purpose and channel', () => {
    const refused = spec.given([acquired, given({}, LATER)]).when(consent({ granted: false }, AT)).thenViolates('consent_change_before_current');
    expect(refused.kind).toBe('conflict');
    // Another channel has no current consent, so the earlier date is fine there.
    spec.given([acquired, given({}, LATER)]).when(consent({ granted: false, channel: 'post' }, AT)).then([withdrawn({ channel: 'post' }, AT)]);
  });

  it('accepts a change at the very instant of the current one (the later record wins)', () => {
    spec.given([acquired, given({}, AT)]).when(consent({ granted: false }, AT)).then([withdrawn({}, AT)]);
    spec.given([acquired, given({}, AT), withdrawn({}, AT)]).when(contact({}, AT)).thenViolates('consent_withdrawn');
  });

  it('is recorded for a churned customer too (a former customer still says no to offers)', () => {
    const churned: CustomerEvent = { type: 'CustomerChurned', schemaVersion: 1, occurredAt: '2025-03-01T00:00:00.000Z', data: { customerId: 'c-1', reason: 'price' } };
    spec.given([acquired, churned]).when(consent({ granted: false })).then([withdrawn()]);
  });

  it('needs an existing customer, and a time after the acquisition and not in the future', () => {
    spec.given([]).when(consent({})).thenViolates('customer_not_found');
    spec.given([acquired]).when(consent({}, '2024-12-31T00:00:00.000Z')).thenViolates('occurred_before_acquisition');
    spec.given([acquired]).when(consent({}, '2025-06-02T00:00:00.000Z')).thenViolates('occurred_in_future');
  });
});

describe('contacts and consent', () => {
  it('refuses an outbound marketing contact on a channel whose marketing consent is withdrawn', () => {
    const refused = spec.given([acquired, given(), withdrawn({}, '2025-05-10T00:00:00.000Z')]).when(contact({})).thenViolates('consent_withdrawn');
    expect(refused.kind).toBe('conflict');
    spec.given([acquired, withdrawn()]).when(contact({})).thenViolates('consent_withdrawn');
  });

  it('refuses by the consent channel the contact channel falls under: a letter is post', () => {
    spec.given([acquired, withdrawn({ channel: 'post' })]).when(contact({ channel: 'letter' })).thenViolates('consent_withdrawn');
    spec.given([acquired, withdrawn({ channel: 'phone' })]).when(contact({ channel: 'phone' })).thenViolates('consent_withdrawn');
  });

  it('records the contact when the consent is given, never recorded, or withdrawn on another channel or purpose', () => {
    spec.given([acquired, given()]).when(contact({})).then([contacted()]);
    spec.given([acquired]).when(contact({})).then([contacted()]);
    spec.given([acquired, withdrawn({ channel: 'phone' })]).when(contact({})).then([contacted()]);
    spec.given([acquired, withdrawn({ purpose: 'research' })]).when(contact({})).then([contacted()]);
  });

  it('checks the consent as it was when the contact happened (a contact reported late, from before the withdrawal)', () => {
    spec.given([acquired, given(), withdrawn({}, LATER)]).when(contact({}, '2025-05-10T00:00:00.000Z')).then([contacted({}, '2025-05-10T00:00:00.000Z')]);
  });

  it('a withdrawal holds from its own instant: a contact at that very instant is refused', () => {
    spec.given([acquired, given(), withdrawn({}, LATER)]).when(contact({}, LATER)).thenViolates('consent_withdrawn');
  });

  it('applies to every consent purpose, not marketing alone', () => {
    spec.given([acquired, withdrawn({ purpose: 'research' })]).when(contact({ purpose: 'research' })).thenViolates('consent_withdrawn');
  });

  it('does not refuse what the customer started, contacts without a purpose, or channels no consent covers', () => {
    spec.given([acquired, withdrawn()]).when(contact({ direction: 'inbound' })).then([contacted({ direction: 'inbound' })]);
    const { purpose: _none, ...withoutPurpose } = contacted().data as Record<string, unknown>;
    spec.given([acquired, withdrawn()]).when(contact({ purpose: undefined })).then([{ ...contacted(), data: withoutPurpose } as CustomerEvent]);
    spec.given([acquired, withdrawn({ channel: 'phone' })]).when(contact({ channel: 'chat' })).then([contacted({ channel: 'chat' })]);
  });
});
