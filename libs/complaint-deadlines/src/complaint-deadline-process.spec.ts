import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomerCommandService } from '@lifeline/customers/application';
import { DEFAULT_COMPLAINT_SLA, type CustomerCommand } from '@lifeline/customers/domain';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import type { RecordedEvent } from '@lifeline/event-store/port';
import { complaintsProjection } from '@lifeline/projections/complaints';
import { Projector } from '@lifeline/projections/runtime';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { ComplaintDeadlineProcess } from './complaint-deadline-process';

const T0 = Date.parse('2025-03-03T08:00:00.000Z');
const hours = (h: number) => new Date(T0 + h * 3_600_000);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** One process's view of the shared data folder: its own store handles, command service, projector. */
class Node {
  readonly eventStore: SqliteEventStore;
  readonly readStore: SqliteReadModelStore;
  readonly commands: CustomerCommandService;
  readonly projector: Projector;
  constructor(dir: string) {
    this.eventStore = SqliteEventStore.open(join(dir, 'events.db'), { pollIntervalMs: 20 });
    this.readStore = SqliteReadModelStore.open(join(dir, 'read.db'));
    this.commands = new CustomerCommandService(this.eventStore, { currency: 'EUR', backoff: () => Promise.resolve() });
    this.projector = new Projector(this.eventStore, this.readStore, [complaintsProjection], { logger: quiet });
  }
  process(now: () => Date): ComplaintDeadlineProcess {
    return new ComplaintDeadlineProcess(this.readStore, this.commands, { policy: DEFAULT_COMPLAINT_SLA, now });
  }
  async caughtUp(): Promise<void> {
    if (!(await this.projector.waitForPosition(await this.eventStore.headPosition(), 10_000))) throw new Error('projector behind');
  }
  async breaches(): Promise<RecordedEvent[]> {
    const events = await this.eventStore.readAll({ after: 0, maxCount: 10_000 });
    return events.filter((e) => e.type === 'ComplaintSlaBreached');
  }
  async close(): Promise<void> {
    await this.projector.stop();
    await this.eventStore.close();
    await this.readStore.close();
  }
}

const command = (type: CustomerCommand['type'], at: Date, payload: object, customerId = 'c-1'): CustomerCommand =>
  ({ type, customerId, issuedAt: hours(1000).toISOString(), occurredAt: at.toISOString(), payload }) as CustomerCommand;

describe('complaint SLA deadline process', () => {
  let dir: string;
  let node: Node;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-deadlines-'));
    node = new Node(dir);
    await node.projector.start();
    await node.commands.execute(command('AcquireCustomer', hours(-100), { name: 'Ada', acquisitionChannel: 'web' }));
    // high: acknowledgement due in 4 h, resolution in 72 h.
    await node.commands.execute(command('FileComplaint', hours(0), { complaintId: 'k-1', category: 'billing', severity: 'high', channel: 'email', description: 'charged twice' }));
    await node.caughtUp();
  });
  afterEach(async () => {
    await node?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a missed acknowledgement once at its due time, and nothing before it is due', async () => {
    expect(await node.process(() => hours(3.9)).round()).toMatchObject({ recorded: 0 });
    const process = node.process(() => hours(5));
    expect(await process.round()).toMatchObject({ examined: 1, recorded: 1 });
    await node.caughtUp();
    expect(await process.round()).toMatchObject({ recorded: 0 });
    const breaches = await node.breaches();
    expect(breaches.map((e) => [e.occurredAt, e.data])).toEqual([
      [hours(4).toISOString(), { customerId: 'c-1', complaintId: 'k-1', milestone: 'acknowledgement', dueAt: hours(4).toISOString() }],
    ]);
    expect(breaches[0]!.metadata.actor).toBe('complaint-sla-deadlines');
  });

  it('survives a restart: a new process on the same files records what fell due while none ran, and nothing twice', async () => {
    await node.process(() => hours(5)).round();
    await node.caughtUp();
    await node.close();
    // Meanwhile (no process running): acknowledged late, resolution due at 72 h passes.
    node = new Node(dir);
    await node.projector.start();
    await node.commands.execute(command('AcknowledgeComplaint', hours(6), { complaintId: 'k-1', acknowledgedBy: 'a' }));
    await node.caughtUp();
    const afterRestart = node.process(() => hours(80));
    expect(await afterRestart.round()).toMatchObject({ recorded: 1 });
    await node.caughtUp();
    expect(await afterRestart.round()).toMatchObject({ recorded: 0 });
    expect((await node.breaches()).map((e) => e.data.milestone)).toEqual(['acknowledgement', 'resolution']);
  });

  it('a breach whose milestone was met late while no process ran is still recorded (resolved complaints since the last round)', async () => {
    await node.commands.execute(command('ResolveComplaint', hours(10), { complaintId: 'k-1', resolution: 'refunded' }));
    await node.caughtUp();
    // Resolved (implicitly acknowledged) at 10 h: the acknowledgement due at 4 h was missed, the resolution was in time.
    expect(await node.process(() => hours(100)).round()).toMatchObject({ recorded: 1 });
    expect((await node.breaches()).map((e) => e.data.milestone)).toEqual(['acknowledgement']);
  });

  it('two processes racing on the same read model write each breach once', async () => {
    const other = new Node(dir);
    try {
      const results = await Promise.all([node.process(() => hours(80)).round(), other.process(() => hours(80)).round(), node.process(() => hours(80)).round()]);
      expect(results.every((r) => r.examined === 1)).toBe(true);
      const breaches = await node.breaches();
      expect(breaches.map((e) => e.data.milestone).sort()).toEqual(['acknowledgement', 'resolution']);
    } finally {
      await other.eventStore.close();
      await other.readStore.close();
    }
  });

  it('a process working from a stale read model writes nothing the log already has', async () => {
    await node.process(() => hours(5)).round();
    // The read model has not seen the breach yet if we do not wait: a second process still sees it missing.
    const stale = node.process(() => hours(5));
    const round = await stale.round();
    expect(round.recorded + round.alreadyRecorded).toBeLessThanOrEqual(1);
    expect(await node.breaches()).toHaveLength(1);
  });
});
