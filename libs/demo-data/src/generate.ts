import {
  CURRENCY_CODE,
  type ChurnReason,
  type ComplaintCategory,
  type ContactChannel,
  type CustomerCommand,
} from '@lifeline/customers/domain';
import {
  ACCOUNT_MANAGERS,
  AGENTS,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  COMPLAINT_DESCRIPTIONS,
  DEFAULT_DEMO_PROFILE,
  FIRST_NAMES,
  INBOUND_TOPICS,
  LAST_NAMES,
  OUTBOUND_TOPICS,
  RESOLUTIONS,
  WIN_BACK_CHANNELS,
  WIN_BACK_TOPIC,
  type DemoProfile,
  type Segment,
} from './profile';
import { complaintHandling, surveys } from './care';
import { consents } from './consents';
import { SeededRandom } from './random';

export interface DemoDataOptions {
  readonly customers: number;
  /** Customers are acquired over this many years before `endDate`. */
  readonly years: number;
  /** Unsigned 32-bit integer. */
  readonly seed: number;
  /** ISO 4217 code purchases are booked in. */
  readonly currency: string;
  /** End of the simulated period and the `issuedAt` of every command: nothing happens after it. */
  readonly endDate: string | Date;
  readonly profile?: DemoProfile;
}

export interface CustomerHistory {
  readonly customerId: string;
  /** 0-based position of the customer in the generated population. */
  readonly index: number;
  /** In business-time order; each one is accepted by the decider after the ones before it. */
  readonly commands: readonly CustomerCommand[];
}

export class InvalidDemoOptionsError extends Error {}

const SECOND = 1;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const YEAR = 365.25 * DAY;
/** Complaints and contacts still come in this long after a churn (late complaints, win-back calls). */
const AFTER_CHURN_ENGAGEMENT = 30 * DAY;

export function demoCustomerId(seed: number, index: number): string {
  return `demo-${seed}-${String(index + 1).padStart(6, '0')}`;
}

export function validateDemoOptions(options: DemoDataOptions): void {
  const { customers, years, seed, currency } = options;
  if (!Number.isSafeInteger(customers) || customers < 1) throw new InvalidDemoOptionsError(`customers must be a positive integer (got ${customers})`);
  if (!Number.isFinite(years) || years <= 0 || years > 50) throw new InvalidDemoOptionsError(`years must be a number in (0, 50] (got ${years})`);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new InvalidDemoOptionsError(`seed must be an integer from 0 to 4294967295 (got ${seed})`);
  }
  if (!CURRENCY_CODE.test(currency)) throw new InvalidDemoOptionsError(`currency must be an ISO 4217 code like EUR (got ${currency})`);
  if (Number.isNaN(new Date(options.endDate).getTime())) throw new InvalidDemoOptionsError(`endDate is not a date (got ${String(options.endDate)})`);
}

/**
 * A deterministic demo population: the same options give the same commands, byte for byte.
 * Each customer's history depends only on (seed, index, years, endDate, profile), so a
 * larger population starts with the smaller one.
 */
export function* generateCustomerHistories(options: DemoDataOptions): Generator<CustomerHistory> {
  validateDemoOptions(options);
  for (let index = 0; index < options.customers; index++) yield generateCustomerHistory(options, index);
}

interface Timed {
  readonly at: number;
  readonly command: CustomerCommand;
}

export function generateCustomerHistory(options: DemoDataOptions, index: number): CustomerHistory {
  const profile = options.profile ?? DEFAULT_DEMO_PROFILE;
  const rng = new SeededRandom([options.seed, index]);
  // Complaint handling and surveys draw from their own stream: the rest of the history stays as it was.
  const care = new SeededRandom([options.seed, index, 14]);
  const purchaseTimes: number[] = [];
  const inboundContactTimes: number[] = [];
  const surveySerial = { n: 0 };
  const customerId = demoCustomerId(options.seed, index);
  const end = Math.floor(new Date(options.endDate).getTime() / 1000);
  const issuedAt = new Date(end * 1000).toISOString();
  const timeline: Timed[] = [];
  const add = (at: number, type: CustomerCommand['type'], payload: CustomerCommand['payload']) => {
    if (at < end) {
      timeline.push({ at, command: { type, customerId, issuedAt, occurredAt: new Date(at * 1000).toISOString(), payload } as CustomerCommand });
    }
  };

  // Acquisition: the business grows, so later years bring more customers (density rising linearly).
  const span = options.years * YEAR;
  const acquiredAt = Math.floor(end - span + span * Math.sqrt(rng.uniform()));
  const segment = rng.weighted(profile.segments);
  const keyAccount = rng.chance(profile.keyAccountShare[segment]);
  const name = segment === 'smb' ? `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}` : `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_SUFFIXES)}`;
  add(acquiredAt, 'AcquireCustomer', {
    name,
    email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${index + 1}@example.com`,
    segment,
    acquisitionChannel: rng.weighted(profile.acquisitionChannels),
    ...(keyAccount && { keyAccount: true, accountManager: rng.pick(ACCOUNT_MANAGERS) }),
  });

  // Consents draw from their own stream too (issue 11), so the rest of the history stays as it was.
  consents(new SeededRandom([options.seed, index, 11]), add, { acquiredAt, end });

  // The customer's hidden traits (BG/NBD purchase rate and dropout, Gamma-Gamma spend).
  const purchasesPerWeek = rng.gamma(profile.purchase.r, profile.purchase.alpha);
  const dropoutAfterPurchase = rng.beta(profile.purchase.a, profile.purchase.b);
  const spendRate = rng.gamma(profile.spend.q, profile.spend.gamma);
  const engagement = keyAccount ? 2 : 1;

  let orders = 0;
  let contacts = 0;
  let complaints = 0;
  const purchase = (at: number) => {
    const amount = Math.max(1, Math.round(rng.gamma(profile.spend.p, spendRate) * profile.spendScale[segment] * 100));
    add(at, 'RecordPurchase', { orderId: `o-${++orders}`, amount, currency: options.currency });
    purchaseTimes.push(at);
  };
  const contact = (at: number, channel: ContactChannel, inbound: boolean, topic: string) => {
    if (inbound) inboundContactTimes.push(at);
    add(at, 'RecordContact', {
      contactId: `ct-${++contacts}`,
      channel,
      direction: inbound ? 'inbound' : 'outbound',
      topic,
      ...((channel === 'phone' || !inbound) && { agent: rng.pick(AGENTS) }),
    });
  };
  /** Files a complaint and maybe resolves it; returns whether it left the customer unhappy by `judgedAt`. */
  const complaint = (at: number, judgedAt: number): boolean => {
    const complaintId = `k-${++complaints}`;
    const category: ComplaintCategory = rng.weighted(profile.complaintCategories);
    const severity = rng.weighted(profile.complaintSeverities);
    add(at, 'FileComplaint', {
      complaintId,
      category,
      severity,
      channel: rng.weighted(profile.contactChannels),
      description: rng.pick(COMPLAINT_DESCRIPTIONS[category]),
    });
    const handle = (resolvedAt: number | undefined) =>
      complaintHandling(care, add, { complaintId, category, severity, filedAt: at, resolvedAt, agents: AGENTS }, (again) =>
        add(again, 'ResolveComplaint', { complaintId, resolution: rng.pick(RESOLUTIONS[category]) }),
      );
    if (rng.chance(profile.neverResolvedShare)) {
      handle(undefined);
      return at < judgedAt;
    }
    const delayHours = rng.lognormal(profile.resolutionMedianHours[severity], profile.resolutionSpread);
    const resolvedAt = at + Math.max(60, Math.ceil(delayHours * HOUR));
    // Satisfaction falls by about one point per tenfold delay: 1 h ≈ 5, 4 days ≈ 3, 6 weeks ≈ 2.
    const satisfaction = Math.min(5, Math.max(1, Math.round(5.5 - Math.log10(Math.max(1, delayHours)) + 0.6 * rng.normal())));
    const scored = rng.chance(profile.satisfactionShare);
    add(resolvedAt, 'ResolveComplaint', { complaintId, resolution: rng.pick(RESOLUTIONS[category]), ...(scored && { satisfaction }) });
    handle(resolvedAt);
    return at < judgedAt && (resolvedAt > judgedAt || (scored && satisfaction <= 2));
  };
  /** Contacts and complaints while the customer is engaged; returns whether a complaint went badly. */
  const engage = (from: number, until: number, judgedAt: number): boolean => {
    const years = Math.max(0, until - from) / YEAR;
    for (let n = rng.poisson(profile.contactsPerYear[segment] * engagement * years); n > 0; n--) {
      const inbound = rng.chance(profile.inboundShare);
      contact(Math.floor(rng.between(from, until)), rng.weighted(profile.contactChannels), inbound, rng.pick(inbound ? INBOUND_TOPICS : OUTBOUND_TOPICS));
    }
    let unhappy = false;
    for (let n = rng.poisson(profile.complaintsPerYear[segment] * years); n > 0; n--) {
      if (complaint(Math.floor(rng.between(from, until)), judgedAt)) unhappy = true;
    }
    return unhappy;
  };

  let activeSince = acquiredAt;
  for (let life = 1; ; life++) {
    // BG/NBD: a first purchase, then Poisson repeat purchases, each followed by a chance to drop out.
    let last = activeSince + Math.floor(rng.uniform() * profile.firstPurchaseWithinDays * DAY);
    let droppedOut = false;
    if (last < end) {
      purchase(last);
      for (;;) {
        const next = last + Math.max(SECOND, Math.round(rng.exponential(purchasesPerWeek) * WEEK));
        if (next >= end) break;
        purchase(next);
        last = next;
        if (rng.chance(dropoutAfterPurchase)) {
          droppedOut = true;
          break;
        }
      }
    }
    const churnAt = droppedOut
      ? last + Math.round((profile.churnAfterDays.minimum + rng.exponential(1 / profile.churnAfterDays.meanExtra)) * DAY)
      : Infinity;
    const unhappy = engage(activeSince, Math.min(end, churnAt + AFTER_CHURN_ENGAGEMENT), churnAt);
    surveys(care, add, { from: activeSince, until: Math.min(end, churnAt), unhappy, purchases: purchaseTimes.splice(0), inboundContacts: inboundContactTimes.splice(0) }, surveySerial);
    if (churnAt >= end) break;
    const reasons: Record<ChurnReason, number> = { ...profile.churnReasons };
    if (unhappy) reasons.service *= 4;
    add(churnAt, 'ChurnCustomer', { reason: rng.weighted(reasons) });

    if (life >= profile.maxLives || !rng.chance(profile.winBack.probability)) break;
    const reactivatedAt = churnAt + Math.round((profile.winBack.minimumDays + rng.exponential(1 / profile.winBack.meanExtraDays)) * DAY);
    if (reactivatedAt >= end) break;
    contact(Math.max(churnAt + SECOND, reactivatedAt - Math.floor(rng.between(1, 10) * DAY)), 'email', false, WIN_BACK_TOPIC);
    add(reactivatedAt, 'ReactivateCustomer', { channel: rng.pick(WIN_BACK_CHANNELS) });
    activeSince = reactivatedAt;
  }

  // Stable sort: on equal times the order of creation (acquire before purchase, file before resolve) stays.
  timeline.sort((x, y) => x.at - y.at);
  return { customerId, index, commands: numberInTimeOrder(timeline.map((t) => t.command)) };
}

/** Ids were handed out while generating; renumber contacts and complaints by business time for readability. */
function numberInTimeOrder(commands: CustomerCommand[]): CustomerCommand[] {
  const complaintIds = new Map<string, string>();
  let contacts = 0;
  return commands.map((command) => {
    switch (command.type) {
      case 'RecordContact':
        return { ...command, payload: { ...command.payload, contactId: `ct-${++contacts}` } };
      case 'FileComplaint':
        complaintIds.set(command.payload.complaintId, `k-${complaintIds.size + 1}`);
        return { ...command, payload: { ...command.payload, complaintId: complaintIds.get(command.payload.complaintId)! } };
      default:
        // Every later step of a complaint (resolve, acknowledge, assign, escalate, reopen, breach) follows its renumbering.
        if ('complaintId' in command.payload && complaintIds.has(command.payload.complaintId)) {
          return { ...command, payload: { ...command.payload, complaintId: complaintIds.get(command.payload.complaintId)! } } as CustomerCommand;
        }
        return command;
    }
  });
}

export type { Segment };
