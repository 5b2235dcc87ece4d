import type {
  AcquisitionChannel,
  ChurnReason,
  ComplaintCategory,
  ComplaintSeverity,
  ContactChannel,
  ContactDirection,
} from './events';
import type { ComplaintHandlingCommand } from './complaint-handling';
import type { RecordSurveyAnswer } from './surveys';
import type { ConsentPurpose, RecordConsent } from './consents';
import type { EraseCustomer } from './erasure';

/**
 * Commands ask for a change; the decider turns them into events or a rule violation.
 * `issuedAt` is the wall-clock time the command was received: the decider needs it to
 * reject business times in the future and to default `occurredAt`, and it must stay pure.
 */
export interface CommandOf<Type extends string, Payload> {
  readonly type: Type;
  readonly customerId: string;
  readonly issuedAt: string;
  /** Business time; defaults to `issuedAt`. */
  readonly occurredAt?: string;
  readonly payload: Payload;
}

export type AcquireCustomer = CommandOf<
  'AcquireCustomer',
  {
    name: string;
    email?: string;
    segment?: string;
    acquisitionChannel: AcquisitionChannel;
    keyAccount?: boolean;
    accountManager?: string;
  }
>;

export type RecordContact = CommandOf<
  'RecordContact',
  { contactId: string; channel: ContactChannel; direction: ContactDirection; topic: string; agent?: string; note?: string; purpose?: ConsentPurpose }
>;

export type FileComplaint = CommandOf<
  'FileComplaint',
  { complaintId: string; category: ComplaintCategory; severity: ComplaintSeverity; channel: ContactChannel; description: string }
>;

export type ResolveComplaint = CommandOf<
  'ResolveComplaint',
  { complaintId: string; resolution: string; satisfaction?: number }
>;

/** `amount` in integer minor units; see money.ts for parsing "19.99". */
export type RecordPurchase = CommandOf<'RecordPurchase', { orderId: string; amount: number; currency: string }>;

export type ChurnCustomer = CommandOf<'ChurnCustomer', { reason: ChurnReason }>;

export type ReactivateCustomer = CommandOf<'ReactivateCustomer', { channel?: string }>;

export type CustomerCommand =
  | AcquireCustomer
  | RecordContact
  | FileComplaint
  | ResolveComplaint
  | RecordPurchase
  | ChurnCustomer
  | ReactivateCustomer
  | ComplaintHandlingCommand
  | RecordSurveyAnswer
  | RecordConsent
  | EraseCustomer;
