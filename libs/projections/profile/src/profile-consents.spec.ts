import fc from 'fast-check';
import { CONSENT_CHANNELS, CONSENT_PURPOSES, type CustomerEvent } from '@lifeline/customers/domain';
import { customerHistoryArbitrary, foldProjection, foldProjectionInBatches, projectedStream } from '@lifeline/projections/testing';
import { customerProfileProjection as projection } from './customer-profile';
import { consentedChannelValues } from './profile-consents';

const acquired: CustomerEvent = {
  type: 'CustomerAcquired',
  schemaVersion: 1,
  occurredAt: '2024-01-10T09:00:00.000Z',
  data: { customerId: 'c-1', name: 'Acme GmbH', acquisitionChannel: 'web', keyAccount: false },
};
const consent = (type: 'ConsentGiven' | 'ConsentWithdrawn', purpose: string, channel: string, occurredAt: string, source?: string): CustomerEvent =>
  ({ type, schemaVersion: 1, occurredAt, data: { customerId: 'c-1', purpose, channel, ...(source !== undefined && { source }) } }) as CustomerEvent;

const profileAfter = (events: CustomerEvent[]) => foldProjection(projection, projectedStream(events)).get('c-1')!;

describe('consents on the customer profile', () => {
  it('a profile without consent events has none', () => {
    const profile = profileAfter([acquired]);
    expect(profile.consents).toBeUndefined();
    expect(profile.consentedChannels).toBeUndefined();
  });

  it('shows the current consent per purpose and channel with its time and source, and the consented channels per purpose', () => {
    const profile = profileAfter([
      acquired,
      consent('ConsentGiven', 'marketing', 'post', '2024-02-01T00:00:00.000Z', 'shop counter'),
      consent('ConsentGiven', 'marketing', 'email', '2024-02-02T00:00:00.000Z', 'web form'),
      consent('ConsentWithdrawn', 'research', 'phone', '2024-02-03T00:00:00.000Z'),
    ]);
    expect(profile.consents).toStrictEqual({
      marketing: {
        post: { granted: true, since: '2024-02-01T00:00:00.000Z', source: 'shop counter' },
        email: { granted: true, since: '2024-02-02T00:00:00.000Z', source: 'web form' },
      },
      research: { phone: { granted: false, since: '2024-02-03T00:00:00.000Z', source: null } },
    });
    // Channels in one fixed order, whatever order they were given in; a purpose with none given is absent.
    expect(profile.consentedChannels).toStrictEqual({ marketing: 'email+post' });
    expect(profile.lastEventAt).toBe('2024-02-03T00:00:00.000Z');
  });

  it('a withdrawal replaces the consent and drops the channel; the last one drops the purpose', () => {
    const profile = profileAfter([
      acquired,
      consent('ConsentGiven', 'marketing', 'email', '2024-02-01T00:00:00.000Z'),
      consent('ConsentGiven', 'marketing', 'sms', '2024-02-01T00:00:00.000Z'),
      consent('ConsentWithdrawn', 'marketing', 'email', '2024-03-01T00:00:00.000Z', 'unsubscribe link'),
    ]);
    expect(profile.consents?.marketing?.email).toStrictEqual({ granted: false, since: '2024-03-01T00:00:00.000Z', source: 'unsubscribe link' });
    expect(profile.consentedChannels).toStrictEqual({ marketing: 'sms' });
    const none = profileAfter([
      acquired,
      consent('ConsentGiven', 'marketing', 'email', '2024-02-01T00:00:00.000Z'),
      consent('ConsentWithdrawn', 'marketing', 'email', '2024-03-01T00:00:00.000Z'),
    ]);
    expect(none.consentedChannels).toStrictEqual({});
  });

  it('the list filter values for a channel are exactly the consented-channel sets containing it', () => {
    const all = consentedChannelValues();
    expect(all).toHaveLength(2 ** CONSENT_CHANNELS.length - 1);
    expect(new Set(all).size).toBe(all.length);
    expect(consentedChannelValues('email')).toEqual(expect.arrayContaining(['email', 'email+post', 'email+phone+sms+post']));
    expect(consentedChannelValues('email')).not.toContain('phone+post');
    for (const channel of CONSENT_CHANNELS) {
      expect(consentedChannelValues(channel)).toEqual(all.filter((value) => value.split('+').includes(channel)));
    }
  });
});

describe('consents on the profile, over random valid histories', () => {
  it('each purpose and channel shows the latest consent event of the customer, and the consented channels agree with it; an erased customer shows none', () => {
    fc.assert(
      fc.property(customerHistoryArbitrary(), (events) => {
        for (const [customerId, profile] of foldProjection(projection, events)) {
          const own = events.filter((e) => e.data.customerId === customerId);
          if (own.some((e) => e.type === 'CustomerErased')) {
            // An erased customer is contactable for nothing, and consent sources are personal.
            expect(profile.consents).toBeUndefined();
            expect(profile.consentedChannels).toBeUndefined();
            continue;
          }
          for (const purpose of CONSENT_PURPOSES) {
            for (const channel of CONSENT_CHANNELS) {
              const latest = own.filter((e) => (e.type === 'ConsentGiven' || e.type === 'ConsentWithdrawn') && e.data.purpose === purpose && e.data.channel === channel).at(-1);
              const shown = profile.consents?.[purpose]?.[channel];
              if (latest === undefined) expect(shown).toBeUndefined();
              else expect(shown).toMatchObject({ granted: latest.type === 'ConsentGiven', since: latest.occurredAt });
            }
            const given = CONSENT_CHANNELS.filter((channel) => profile.consents?.[purpose]?.[channel]?.granted === true);
            expect(profile.consentedChannels?.[purpose]).toBe(given.length === 0 ? undefined : given.join('+'));
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('folding in arbitrary batches stored as JSON equals folding in one go (with consents)', () => {
    fc.assert(
      fc.property(customerHistoryArbitrary(), fc.array(fc.nat({ max: 200 }), { maxLength: 6 }), (events, cuts) => {
        expect(foldProjectionInBatches(projection, events, cuts)).toStrictEqual(foldProjection(projection, events));
      }),
      { numRuns: 50 },
    );
  });
});
