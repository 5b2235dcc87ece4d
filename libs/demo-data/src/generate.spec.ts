import { bgNbdExpectedPurchases } from '@lifeline/analytics/clv';
import {
  customerDecider,
  isRuleViolation,
  type CustomerCommand,
  type CustomerEvent,
  type CustomerState,
} from '@lifeline/customers/domain';
import { generateCustomerHistories, generateCustomerHistory, InvalidDemoOptionsError, type CustomerHistory, type DemoDataOptions } from './generate';
import { DEFAULT_DEMO_PROFILE } from './profile';

const decider = customerDecider({ currency: 'EUR' });
const base: DemoDataOptions = { customers: 300, years: 3, seed: 42, currency: 'EUR', endDate: '2025-06-01T00:00:00.000Z' };
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Runs a history through the real decider; fails with the first refused command. */
function replay(history: CustomerHistory): CustomerEvent[] {
  let state: CustomerState = decider.initialState();
  const events: CustomerEvent[] = [];
  history.commands.forEach((command, n) => {
    const decision = decider.decide(command, state);
    if (isRuleViolation(decision)) {
      throw new Error(`${history.customerId} command #${n} ${command.type} refused: ${decision.rule} (${decision.message})`);
    }
    for (const event of decision) {
      state = decider.evolve(state, event);
      events.push(event);
    }
  });
  return events;
}

const ofType = <T extends CustomerCommand['type']>(commands: readonly CustomerCommand[], type: T) =>
  commands.filter((c): c is Extract<CustomerCommand, { type: T }> => c.type === type);
const time = (c: CustomerCommand) => Date.parse(c.occurredAt!);

describe('demo customer histories', () => {
  it.each([1, 42, 2024, 4294967295])('every command of seed %p is accepted by the decider, in business-time order', (seed) => {
    for (const history of generateCustomerHistories({ ...base, seed })) {
      replay(history);
      const times = history.commands.map(time);
      expect(times).toEqual([...times].sort((x, y) => x - y));
      expect(history.commands[0].type).toBe('AcquireCustomer');
      expect(Math.max(...times)).toBeLessThan(Date.parse(base.endDate as string));
      expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(base.endDate as string) - 3 * 366 * DAY_MS);
    }
  });

  it('is deterministic: the same seed gives identical commands, another seed different ones', () => {
    const first = [...generateCustomerHistories(base)];
    expect([...generateCustomerHistories(base)]).toEqual(first);
    const other = [...generateCustomerHistories({ ...base, seed: 43 })];
    expect(other.map((h) => h.commands.length)).not.toEqual(first.map((h) => h.commands.length));
  });

  it('gives a customer the same history however many customers are generated', () => {
    const small = [...generateCustomerHistories({ ...base, customers: 5 })];
    expect(small).toEqual([...generateCustomerHistories(base)].slice(0, 5));
    expect(generateCustomerHistory(base, 3)).toEqual(small[3]);
  });

  it('refuses options it cannot honour with a clear message', () => {
    const bad: Partial<DemoDataOptions>[] = [{ customers: 0 }, { customers: 1.5 }, { years: 0 }, { seed: -1 }, { seed: 2 ** 32 }, { currency: 'eur' }, { endDate: 'soon' }];
    for (const over of bad) expect(() => [...generateCustomerHistories({ ...base, ...over })]).toThrow(InvalidDemoOptionsError);
  });

  describe('population shape (3000 customers)', () => {
    const histories = [...generateCustomerHistories({ ...base, customers: 3000, seed: 7 })];
    const all = histories.flatMap((h) => h.commands);
    const acquisitions = ofType(all, 'AcquireCustomer');

    it('mixes segments and channels, with about 3% key accounts who have an account manager', () => {
      const share = (predicate: (c: (typeof acquisitions)[number]) => boolean) => acquisitions.filter(predicate).length / acquisitions.length;
      expect(share((c) => c.payload.segment === 'smb')).toBeCloseTo(0.7, 1);
      expect(share((c) => c.payload.segment === 'enterprise')).toBeGreaterThan(0.05);
      expect(share((c) => c.payload.keyAccount === true)).toBeGreaterThan(0.015);
      expect(share((c) => c.payload.keyAccount === true)).toBeLessThan(0.045);
      expect(acquisitions.filter((c) => c.payload.keyAccount).every((c) => c.payload.accountManager)).toBe(true);
      expect(new Set(acquisitions.map((c) => c.payload.acquisitionChannel)).size).toBe(7);
    });

    it('acquires more customers in the last year than in the first (growth)', () => {
      const end = Date.parse(base.endDate as string);
      const lastYear = acquisitions.filter((c) => time(c) > end - 365 * DAY_MS).length;
      const firstYear = acquisitions.filter((c) => time(c) < end - 2 * 365 * DAY_MS).length;
      expect(lastYear).toBeGreaterThan(firstYear * 2);
    });

    it('books spend per purchase around the Gamma-Gamma mean p*gamma/(q-1) times the segment scale', () => {
      const { p, q, gamma } = DEFAULT_DEMO_PROFILE.spend;
      const expectedCents = ((p * gamma) / (q - 1)) * 100;
      const smbIds = new Set(acquisitions.filter((c) => c.payload.segment === 'smb').map((c) => c.customerId));
      const amounts = ofType(all, 'RecordPurchase').filter((c) => smbIds.has(c.customerId)).map((c) => c.payload.amount);
      const mean = amounts.reduce((s, a) => s + a, 0) / amounts.length;
      expect(mean / expectedCents).toBeGreaterThan(0.8);
      expect(mean / expectedCents).toBeLessThan(1.25);
    });

    it('churns only customers who dropped out after a repeat purchase, at least 45 days after their last purchase', () => {
      let churned = 0;
      let withRepeat = 0;
      for (const { commands } of histories) {
        const purchases = ofType(commands, 'RecordPurchase');
        if (purchases.length >= 2) withRepeat++;
        const firstChurn = ofType(commands, 'ChurnCustomer')[0];
        if (!firstChurn) continue;
        churned++;
        const before = purchases.filter((p) => time(p) < time(firstChurn));
        expect(before.length).toBeGreaterThanOrEqual(2);
        expect(time(firstChurn) - time(before[before.length - 1])).toBeGreaterThanOrEqual(45 * DAY_MS);
      }
      expect(churned / histories.length).toBeGreaterThan(0.1);
      expect(churned).toBeLessThanOrEqual(withRepeat);
    });

    it('wins back about the profile share of churned customers, and reactivated customers buy again', () => {
      const churnedIds = new Set(ofType(all, 'ChurnCustomer').map((c) => c.customerId));
      const reactivations = ofType(all, 'ReactivateCustomer');
      const share = new Set(reactivations.map((c) => c.customerId)).size / churnedIds.size;
      // Below the 20% because win-backs that would land after the end date do not happen yet.
      expect(share).toBeGreaterThan(0.08);
      expect(share).toBeLessThan(0.22);
      const buyingAgain = reactivations.filter((r) => all.some((c) => c.type === 'RecordPurchase' && c.customerId === r.customerId && time(c) >= time(r)));
      expect(buyingAgain.length / reactivations.length).toBeGreaterThan(0.8);
    });

    it('resolves most complaints, some never, and satisfaction falls with the resolution delay', () => {
      const filed = new Map(ofType(all, 'FileComplaint').map((c) => [`${c.customerId}/${c.payload.complaintId}`, c]));
      const resolved = ofType(all, 'ResolveComplaint');
      expect(resolved.length / filed.size).toBeGreaterThan(0.8);
      expect(resolved.length / filed.size).toBeLessThan(0.97);
      const delays = resolved.map((r) => ({ hours: (time(r) - time(filed.get(`${r.customerId}/${r.payload.complaintId}`)!)) / 3_600_000, score: r.payload.satisfaction }));
      expect(Math.min(...delays.map((d) => d.hours))).toBeLessThan(2);
      expect(Math.max(...delays.map((d) => d.hours))).toBeGreaterThan(14 * 24);
      const meanScore = (list: typeof delays) => {
        const scored = list.filter((d) => d.score !== undefined);
        return scored.reduce((s, d) => s + d.score!, 0) / scored.length;
      };
      expect(meanScore(delays.filter((d) => d.hours < 24)) - meanScore(delays.filter((d) => d.hours > 7 * 24))).toBeGreaterThan(1);
      expect(delays.every((d) => d.score === undefined || (d.score >= 1 && d.score <= 5 && Number.isInteger(d.score)))).toBe(true);
    });

    it('handles complaints at realistic rates: most acknowledged, some escalated, reopened or breaching the default SLA', () => {
      const filed = ofType(all, 'FileComplaint').length;
      const share = (type: CustomerCommand['type']) => all.filter((c) => c.type === type).length / filed;
      expect(share('AcknowledgeComplaint')).toBeGreaterThan(0.5);
      expect(share('AcknowledgeComplaint')).toBeLessThan(0.9);
      expect(share('EscalateComplaint')).toBeGreaterThan(0.02);
      expect(share('EscalateComplaint')).toBeLessThan(0.2);
      expect(share('ReopenComplaint')).toBeGreaterThan(0.005);
      expect(share('ReopenComplaint')).toBeLessThan(0.1);
      const breaches = ofType(all, 'RecordComplaintSlaBreach');
      const ackBreaches = breaches.filter((b) => b.payload.milestone === 'acknowledgement').length / filed;
      expect(ackBreaches).toBeGreaterThan(0.05);
      expect(ackBreaches).toBeLessThan(0.6);
      expect(breaches.every((b) => b.occurredAt === b.payload.dueAt)).toBe(true);
    });

    it('answers surveys: NPS, CSAT and CES on their scales, NPS from a minority of customers', () => {
      const answers = ofType(all, 'RecordSurveyAnswer');
      const byKind = (kind: string) => answers.filter((a) => a.payload.kind === kind);
      expect(byKind('nps').length).toBeGreaterThan(0);
      expect(byKind('csat').length).toBeGreaterThan(0);
      expect(byKind('ces').length).toBeGreaterThan(0);
      expect(new Set(byKind('nps').map((a) => a.customerId)).size / histories.length).toBeLessThan(0.5);
      const scale = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;
      expect(answers.every((a) => a.payload.score >= scale[a.payload.kind][0] && a.payload.score <= scale[a.payload.kind][1])).toBe(true);
    });

    it('records consents as a sign-up form would: most give marketing by e-mail, some withdraw later, some object to calls; one event per command', () => {
      const consents = ofType(all, 'RecordConsent');
      const customersWith = (predicate: (c: (typeof consents)[number]) => boolean) => new Set(consents.filter(predicate).map((c) => c.customerId)).size / histories.length;
      expect(customersWith((c) => c.payload.purpose === 'marketing' && c.payload.channel === 'email' && c.payload.granted)).toBeCloseTo(0.6, 1);
      expect(customersWith((c) => c.payload.purpose === 'marketing' && !c.payload.granted && c.payload.channel === 'email')).toBeGreaterThan(0.03);
      expect(customersWith((c) => c.payload.channel === 'phone' && !c.payload.granted)).toBeGreaterThan(0.01);
      expect(customersWith((c) => c.payload.purpose === 'research')).toBeCloseTo(0.25, 1);
      // Seeding resumes by stream revision, so each command must be one change of one channel.
      for (const history of histories.slice(0, 300)) expect(replay(history)).toHaveLength(history.commands.length);
    });

    it('records contacts with both directions and several channels', () => {
      const contacts = ofType(all, 'RecordContact');
      expect(contacts.length / histories.length).toBeGreaterThan(1);
      expect(new Set(contacts.map((c) => c.payload.direction))).toEqual(new Set(['inbound', 'outbound']));
      expect(new Set(contacts.map((c) => c.payload.channel)).size).toBeGreaterThanOrEqual(5);
    });
  });

  it('without win-backs, repeat purchases follow the BG/NBD expectation E[X(t)] of the profile parameters', () => {
    const profile = { ...DEFAULT_DEMO_PROFILE, winBack: { ...DEFAULT_DEMO_PROFILE.winBack, probability: 0 } };
    const end = Date.parse(base.endDate as string);
    let observed = 0;
    let expected = 0;
    for (const { commands } of generateCustomerHistories({ ...base, customers: 4000, seed: 11, profile })) {
      const purchases = ofType(commands, 'RecordPurchase');
      if (purchases.length === 0) continue;
      observed += purchases.length - 1;
      expected += bgNbdExpectedPurchases(DEFAULT_DEMO_PROFILE.purchase, (end - time(purchases[0])) / WEEK_MS);
    }
    expect(observed / expected).toBeGreaterThan(0.9);
    expect(observed / expected).toBeLessThan(1.1);
  });
});
