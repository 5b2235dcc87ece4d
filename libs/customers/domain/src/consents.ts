/**
 * Consent: whether a customer agrees to be contacted for a purpose on a channel (GDPR Art. 6(1)(a)
 * and 7, ePrivacy Art. 13). Commands, events and rules live here; decider.ts hands the command
 * over, state.ts the events.
 *
 * Decided:
 * - Giving a consent that stands, or withdrawing one already withdrawn, changes nothing: no event
 *   (a form submitted twice is answered, not refused). Its `since` stays the first time.
 * - Withdrawing a consent never given is recorded: it is an explicit objection ("never e-mail me
 *   offers"), which then refuses such contacts, and is worth more than the absence of a record.
 * - A change may not be dated before the current state of that purpose and channel (the current
 *   consent would no longer be the latest); such a change is refused.
 * - A consent request without a channel applies to every channel of the purpose (one event per
 *   channel whose state changes): "unsubscribe me from all marketing".
 * - An **outbound** contact recorded for a purpose, on a channel whose consent for that purpose
 *   was withdrawn at the contact's business time, is refused (`consent_withdrawn`). Inbound
 *   contacts are the customer's own doing and are always recorded; contacts without a purpose
 *   (all recorded before consents existed) are not checked. Contact channels map to consent
 *   channels as CONSENT_CHANNEL_OF_CONTACT says; the others (chat, social, in person, web) have
 *   no consent of their own and are not checked.
 */
import type { CommandOf } from './commands';
import type { ContactChannel, ContactDirection, EventOf } from './events';
import { RuleViolation } from './rule-violation';
import type { CustomerState } from './state';

/**
 * What a customer may be contacted for. marketing: offers, promotions, newsletters (direct
 * marketing); research: surveys and market research; service: service messages beyond what the
 * contract itself needs (reminders, tips, product news for what they use).
 */
export const CONSENT_PURPOSES = ['marketing', 'research', 'service'] as const;
export const CONSENT_CHANNELS = ['email', 'phone', 'sms', 'post'] as const;

export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** The consent channel a contact channel is covered by; absent: no consent governs it. */
export const CONSENT_CHANNEL_OF_CONTACT: Readonly<Partial<Record<ContactChannel, ConsentChannel>>> = {
  email: 'email',
  phone: 'phone',
  letter: 'post',
};

export type RecordConsent = CommandOf<
  'RecordConsent',
  {
    purpose: ConsentPurpose;
    /** Absent: every channel of the purpose. */
    channel?: ConsentChannel;
    granted: boolean;
    /** Where the customer said so (a form, a call, a letter): the evidence Art. 7(1) asks for. */
    source?: string;
  }
>;

type ConsentData = { customerId: string; purpose: ConsentPurpose; channel: ConsentChannel; source?: string };
export type ConsentGiven = EventOf<'ConsentGiven', ConsentData>;
export type ConsentWithdrawn = EventOf<'ConsentWithdrawn', ConsentData>;
export type ConsentEvent = ConsentGiven | ConsentWithdrawn;

export const CONSENT_EVENT_TYPES: readonly ConsentEvent['type'][] = ['ConsentGiven', 'ConsentWithdrawn'];

/** One change of one purpose and channel, in business time. */
export interface ConsentChange {
  readonly granted: boolean;
  readonly at: string;
}

export const consentKey = (purpose: ConsentPurpose, channel: ConsentChannel) => `${purpose}:${channel}`;

const ms = (iso: string) => Date.parse(iso);

/** Every change of `purpose` on `channel` so far, oldest first (the rules keep them in time order). */
function changesOf(state: CustomerState, purpose: ConsentPurpose, channel: ConsentChannel): readonly ConsentChange[] {
  return state.consents?.[consentKey(purpose, channel)] ?? [];
}

/** Given, withdrawn or never recorded (undefined) as of business time `at`. */
export function consentAsOf(state: CustomerState, purpose: ConsentPurpose, channel: ConsentChannel, at: string): boolean | undefined {
  let granted: boolean | undefined;
  for (const change of changesOf(state, purpose, channel)) {
    if (ms(change.at) > ms(at)) break;
    granted = change.granted;
  }
  return granted;
}

export function decideConsent(command: RecordConsent, state: CustomerState, occurredAt: string): readonly ConsentEvent[] | RuleViolation {
  const { purpose, channel, granted, source } = command.payload;
  const events: ConsentEvent[] = [];
  for (const each of channel === undefined ? CONSENT_CHANNELS : [channel]) {
    const current = changesOf(state, purpose, each).at(-1);
    if (current?.granted === granted) continue;
    if (current !== undefined && ms(occurredAt) < ms(current.at)) {
      return new RuleViolation(
        'consent_change_before_current',
        `the current ${purpose} consent by ${each} dates from ${current.at}; a change cannot be dated earlier (${occurredAt})`,
      );
    }
    events.push({
      type: granted ? 'ConsentGiven' : 'ConsentWithdrawn',
      schemaVersion: 1,
      occurredAt,
      data: { customerId: command.customerId, purpose, channel: each, ...(source !== undefined && { source }) },
    });
  }
  return events;
}

/** The contact rule; undefined when the contact may be recorded. */
export function consentViolationOfContact(
  state: CustomerState,
  contact: { channel: ContactChannel; direction: ContactDirection; purpose?: ConsentPurpose },
  occurredAt: string,
): RuleViolation | undefined {
  if (contact.direction !== 'outbound' || contact.purpose === undefined) return undefined;
  const channel = CONSENT_CHANNEL_OF_CONTACT[contact.channel];
  if (channel === undefined) return undefined;
  if (consentAsOf(state, contact.purpose, channel, occurredAt) !== false) return undefined;
  return new RuleViolation(
    'consent_withdrawn',
    `the customer withdrew consent to ${contact.purpose} contacts by ${channel}; an outbound ${contact.purpose} contact by ${contact.channel} is not allowed`,
  );
}

export function evolveConsents(state: CustomerState, event: ConsentEvent): CustomerState {
  const key = consentKey(event.data.purpose, event.data.channel);
  const changes = state.consents?.[key] ?? [];
  return { ...state, consents: { ...state.consents, [key]: [...changes, { granted: event.type === 'ConsentGiven', at: event.occurredAt }] } };
}
