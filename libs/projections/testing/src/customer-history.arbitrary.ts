import fc from 'fast-check';
import {
  ACQUISITION_CHANNELS,
  CHURN_REASONS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_SEVERITIES,
  CONSENT_CHANNELS,
  CONSENT_PURPOSES,
  CONTACT_CHANNELS,
  CONTACT_DIRECTIONS,
  RuleViolation,
  SURVEY_KINDS,
  decide,
  evolve,
  initialCustomerState,
  type AcquireCustomer,
  type CustomerCommand,
  type CustomerState,
} from '@lifeline/customers/domain';
import type { ProjectedEvent } from '@lifeline/projections/runtime';
import { projected } from './projected-events';

/**
 * Random but valid customer histories for property tests: random commands run through the
 * real decider, in an interleaving of several customers; commands the rules refuse are
 * skipped, exactly as the command side would refuse them.
 */

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
/** Far ahead of every generated business time, so "occurred in the future" never trips. */
const ISSUED_AT = '2099-01-01T00:00:00.000Z';
const EPOCH_MS = Date.parse('2020-01-01T00:00:00.000Z');

type Payload<Type extends CustomerCommand['type']> = Extract<CustomerCommand, { type: Type }>['payload'];
type StepOf<Type extends CustomerCommand['type']> = { type: Type; payload: Payload<Type>; deltaMinutes: number };
/** One command of a customer's script; its business time is the customer's clock plus `deltaMinutes`. */
export type ScriptStep = { [Type in Exclude<CustomerCommand['type'], 'AcquireCustomer'>]: StepOf<Type> }[Exclude<
  CustomerCommand['type'],
  'AcquireCustomer'
>];

export interface CustomerScript {
  readonly acquire: AcquireCustomer['payload'];
  /** Minutes after 2020-01-01 at which the customer is acquired. */
  readonly acquiredAtMinute: number;
  readonly steps: readonly ScriptStep[];
  /** The customer's personal data is erased after this many steps (the later ones mostly refused, as the rules say). */
  readonly eraseAfterStep?: number;
}

export interface CustomerHistoryOptions {
  readonly maxCustomers?: number;
  readonly maxStepsPerCustomer?: number;
  /** The one currency purchases are booked in (the decider's option). */
  readonly currency?: string;
}

/**
 * Mostly forward in time (often within the same day, so same-day purchases occur), sometimes
 * back-dated: the rules allow late-reported facts, and read models must order them by business time.
 */
const deltaMinutes = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 180 }) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 45 * DAY_MINUTES }) },
  { weight: 1, arbitrary: fc.integer({ min: -3 * DAY_MINUTES, max: 0 }) },
);

/** Small id pools, so resolutions find their complaints and duplicates get refused now and then. */
const idFrom = (prefix: string, poolSize: number) => fc.nat({ max: poolSize - 1 }).map((n) => `${prefix}-${n}`);
const word = fc.constantFrom('invoice question', 'renewal', 'onboarding', 'late delivery', 'upgrade', 'broken part');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

function step<Type extends ScriptStep['type']>(type: Type, payload: fc.Arbitrary<Payload<Type>>): fc.Arbitrary<ScriptStep> {
  return fc.record({ type: fc.constant(type), payload, deltaMinutes }) as fc.Arbitrary<ScriptStep>;
}

/** Drops keys whose value is undefined, as a JSON request body would not have them. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const consentStep: fc.Arbitrary<ScriptStep> = step(
  'RecordConsent',
  fc
    .record({
      purpose: fc.constantFrom(...CONSENT_PURPOSES),
      channel: maybe(fc.constantFrom(...CONSENT_CHANNELS)),
      granted: fc.boolean(),
      source: maybe(fc.constantFrom('web form', 'call centre')),
    })
    .map(defined),
);

const scriptStep: fc.Arbitrary<ScriptStep> = fc.oneof(
  {
    weight: 3,
    arbitrary: step(
      'RecordContact',
      fc
        .record({
          contactId: idFrom('ct', 40),
          channel: fc.constantFrom(...CONTACT_CHANNELS),
          direction: fc.constantFrom(...CONTACT_DIRECTIONS),
          topic: word,
          agent: maybe(fc.constantFrom('m.weiss', 'a.khan')),
          note: maybe(word),
          purpose: maybe(fc.constantFrom(...CONSENT_PURPOSES)),
        })
        .map(defined),
    ),
  },
  {
    weight: 2,
    arbitrary: step(
      'FileComplaint',
      fc.record({
        complaintId: idFrom('k', 6),
        category: fc.constantFrom(...COMPLAINT_CATEGORIES),
        severity: fc.constantFrom(...COMPLAINT_SEVERITIES),
        channel: fc.constantFrom(...CONTACT_CHANNELS),
        description: word,
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: step(
      'ResolveComplaint',
      fc
        .record({ complaintId: idFrom('k', 6), resolution: word, satisfaction: maybe(fc.integer({ min: 1, max: 5 })) })
        .map(defined),
    ),
  },
  {
    weight: 5,
    arbitrary: step(
      'RecordPurchase',
      fc.record({ orderId: idFrom('o', 60), amount: fc.integer({ min: 1, max: 500_000 }), currency: fc.constant('EUR') }),
    ),
  },
  { weight: 1, arbitrary: step('ChurnCustomer', fc.record({ reason: fc.constantFrom(...CHURN_REASONS) })) },
  {
    weight: 2,
    arbitrary: step('ReactivateCustomer', fc.record({ channel: maybe(fc.constantFrom('email', 'phone')) }).map(defined)),
  },
  { weight: 1, arbitrary: step('AcknowledgeComplaint', fc.record({ complaintId: idFrom('k', 6), acknowledgedBy: fc.constantFrom('m.weiss', 'a.khan') })) },
  {
    weight: 1,
    arbitrary: step(
      'AssignComplaint',
      fc.record({ complaintId: idFrom('k', 6), agent: maybe(fc.constantFrom('m.weiss', 'a.khan')), team: maybe(fc.constantFrom('billing', 'care')) }).map(defined),
    ),
  },
  { weight: 1, arbitrary: step('EscalateComplaint', fc.record({ complaintId: idFrom('k', 6), level: fc.constantFrom(1, 2, 3), reason: word })) },
  { weight: 1, arbitrary: step('ReopenComplaint', fc.record({ complaintId: idFrom('k', 6), reason: word })) },
  {
    weight: 1,
    arbitrary: step(
      'RecordComplaintSlaBreach',
      fc.record({ complaintId: idFrom('k', 6), milestone: fc.constantFrom('acknowledgement', 'resolution'), dueAt: fc.constant('') }),
    ),
  },
  {
    weight: 1,
    arbitrary: step(
      'RecordSurveyAnswer',
      fc
        .record({ surveyId: idFrom('s', 8), kind: fc.constantFrom(...SURVEY_KINDS), score: fc.integer({ min: 1, max: 5 }), touchpoint: maybe(fc.constantFrom('support', 'purchase')), comment: maybe(word) })
        .map(defined),
    ),
  },
  { weight: 2, arbitrary: consentStep },
);

const acquirePayload: fc.Arbitrary<AcquireCustomer['payload']> = fc
  .record({
    name: fc.constantFrom('Acme GmbH', 'Globex', 'Initech', 'Umbrella', 'Hooli'),
    email: maybe(fc.constantFrom('buying@acme.example', 'ops@globex.example')),
    segment: maybe(fc.constantFrom('smb', 'mid_market', 'enterprise')),
    acquisitionChannel: fc.constantFrom(...ACQUISITION_CHANNELS),
    keyAccount: maybe(fc.boolean()),
    accountManager: maybe(fc.constantFrom('j.doe', 'r.roe')),
  })
  .map(defined);

export function customerScriptArbitrary(maxSteps = 25): fc.Arbitrary<CustomerScript> {
  return fc.record({
    acquire: acquirePayload,
    acquiredAtMinute: fc.integer({ min: 0, max: 3 * 365 * DAY_MINUTES }),
    steps: fc.array(scriptStep, { maxLength: maxSteps }),
    // About one customer in six is erased, somewhere in its history.
    eraseAfterStep: fc.option(fc.nat({ max: maxSteps }), { freq: 5, nil: undefined }),
  }).map(({ eraseAfterStep, ...script }) => (eraseAfterStep === undefined ? script : { ...script, eraseAfterStep }));
}

const at = (minute: number) => new Date(EPOCH_MS + minute * MINUTE_MS).toISOString();

/**
 * Runs the scripts through the real decider. `turns` interleaves the customers: each turn
 * picks (modulo) one of the customers that still have commands left, so every customer's
 * own order is kept. Positions are global from 1; revisions count per stream from 0.
 */
export function runCustomerScripts(
  scripts: readonly CustomerScript[],
  turns: readonly number[] = [],
  currency = 'EUR',
): ProjectedEvent[] {
  interface Cursor {
    customerId: string;
    commands: CustomerCommand[];
    next: number;
    state: CustomerState;
    revision: number;
  }
  const cursors: Cursor[] = scripts.map((script, index) => {
    const customerId = `cust-${index}`;
    let clock = script.acquiredAtMinute;
    const commands: CustomerCommand[] = [
      { type: 'AcquireCustomer', customerId, issuedAt: ISSUED_AT, occurredAt: at(clock), payload: script.acquire },
      ...script.steps.map((s) => {
        clock = Math.max(0, clock + s.deltaMinutes);
        const payload = s.type === 'RecordPurchase' ? { ...s.payload, currency } : s.payload;
        return { type: s.type, customerId, issuedAt: ISSUED_AT, occurredAt: at(clock), payload } as CustomerCommand;
      }),
    ];
    if (script.eraseAfterStep !== undefined) {
      const index = Math.min(script.eraseAfterStep + 1, commands.length);
      const occurredAt = commands[index - 1]!.occurredAt;
      commands.splice(index, 0, { type: 'EraseCustomer', customerId, issuedAt: ISSUED_AT, occurredAt, payload: {} });
    }
    return { customerId, commands, next: 0, state: initialCustomerState(), revision: 0 };
  });

  const events: ProjectedEvent[] = [];
  let turn = 0;
  for (;;) {
    const pending = cursors.filter((c) => c.next < c.commands.length);
    if (pending.length === 0) return events;
    const cursor = pending[(turns[turn++ % Math.max(turns.length, 1)] ?? 0) % pending.length]!;
    const decision = decide(aimAtOpenComplaint(cursor.commands[cursor.next++]!, cursor.state), cursor.state, { currency });
    if (decision instanceof RuleViolation) continue;
    for (const event of decision) {
      cursor.state = evolve(cursor.state, event);
      events.push(projected(event, { revision: cursor.revision++, position: events.length + 1 }));
    }
  }
}

/**
 * A random complaint id rarely names an open complaint, so resolutions would almost always be
 * refused; aim them at one of the customer's open complaints instead (when there is one).
 */
function aimAtOpenComplaint(command: CustomerCommand, state: CustomerState): CustomerCommand {
  const aimed = ['ResolveComplaint', 'AcknowledgeComplaint', 'AssignComplaint', 'EscalateComplaint', 'ReopenComplaint', 'RecordComplaintSlaBreach'];
  if (!aimed.includes(command.type) || !('complaintId' in command.payload)) return command;
  // Reopenings aim at resolved complaints, breaches at any; the rest at open ones.
  const wanted = (id: string) => (command.type === 'ReopenComplaint' ? !state.complaints.get(id)!.open : command.type === 'RecordComplaintSlaBreach' || state.complaints.get(id)!.open);
  const candidates = [...state.complaints.entries()].map(([id]) => id).filter(wanted);
  if (candidates.length === 0) return command;
  const complaintId = candidates[Number(/\d+$/.exec(command.payload.complaintId)?.[0] ?? 0) % candidates.length]!;
  if (command.type === 'RecordComplaintSlaBreach') {
    // Due an hour after the filing: a breach when not acknowledged (or resolved) by then.
    const dueAt = new Date(Date.parse(state.complaints.get(complaintId)!.filedAt) + 3_600_000).toISOString();
    return { ...command, occurredAt: dueAt, payload: { ...command.payload, complaintId, dueAt } };
  }
  return { ...command, payload: { ...command.payload, complaintId } } as CustomerCommand;
}

/** The global log of 1..maxCustomers customers with valid, randomly interleaved histories. */
export function customerHistoryArbitrary(options: CustomerHistoryOptions = {}): fc.Arbitrary<ProjectedEvent[]> {
  const { maxCustomers = 4, maxStepsPerCustomer = 25, currency = 'EUR' } = options;
  return fc
    .record({
      scripts: fc.array(customerScriptArbitrary(maxStepsPerCustomer), { minLength: 1, maxLength: maxCustomers }),
      turns: fc.array(fc.nat({ max: 1000 }), { maxLength: 50 }),
    })
    .map(({ scripts, turns }) => runCustomerScripts(scripts, turns, currency));
}
