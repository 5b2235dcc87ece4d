import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { RecordedEvent } from '@lifeline/event-store/port';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { runReplay, type ReplayDependencies } from '../../apps/cli/src/commands/replay.command';
import type { CliContext } from '../../apps/cli/src/cli-context';
import { runCli } from '../../apps/cli/src/program';

const KAFKA_ENV = { LIFELINE_PUBLISHER: 'kafka', KAFKA_BROKERS: 'localhost:9092' };

function context(env: Record<string, string>, signal = new AbortController().signal) {
  const capture = () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const out = capture();
  const err = capture();
  const ctx: CliContext = { stdout: out.stream, stderr: err.stream, interactive: false, signal, env };
  return { ctx, stdout: out.text, stderr: err.text };
}

/** Stands in for the broker connection at the Publisher port: records what would be sent. */
function recordingPublisher(onBatch: (events: readonly RecordedEvent[]) => void = () => undefined) {
  const sent: RecordedEvent[] = [];
  const publisher = {
    publishEvents: jest.fn(async (events: readonly RecordedEvent[]) => {
      sent.push(...events);
      onBatch(events);
    }),
    close: jest.fn(async () => undefined),
  };
  const dependencies: ReplayDependencies = { connectPublisher: async () => publisher };
  return { sent, publisher, dependencies };
}

describe('lifeline replay publisher', () => {
  let dir: string;
  let log: RecordedEvent[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lifeline-replay-'));
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    for (let i = 1; i <= 12; i++) {
      const customerId = `c-${i % 4}`;
      const streamId = i % 5 === 0 ? 'operator-notes' : `customer-${customerId}`;
      await store.appendToStream(streamId, [{ eventId: randomUUID(), type: 'CustomerContacted', schemaVersion: 1, occurredAt: '2025-01-01T00:00:00.000Z', data: { customerId }, metadata: {} }], {
        expectedRevision: 'any',
      });
    }
    log = await store.readAll({ streamPrefix: 'customer-' });
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const positions = (events: readonly RecordedEvent[]) => events.map((e) => e.position);

  it('re-emits exactly the customer events after --from, in order, and closes the connection', async () => {
    const { sent, publisher, dependencies } = recordingPublisher();
    const run = context(KAFKA_ENV);
    const code = await runReplay({ dataDir: dir, from: 3, batchSize: 4 }, run.ctx, dependencies);
    expect(code).toBe(0);
    expect(positions(sent)).toEqual(positions(log.filter((e) => e.position > 3)));
    expect(sent).toEqual(log.filter((e) => e.position > 3));
    expect(run.stdout()).toBe(`re-published ${sent.length} customer events (positions 4..12, up to 12) to lifeline.customer-events.v1\n`);
    expect(run.stderr()).toMatch(/^replay: 9\/9 positions \(100%\)/);
    expect(publisher.close).toHaveBeenCalled();
  });

  it('stops at --to, inclusive', async () => {
    const { sent, dependencies } = recordingPublisher();
    expect(await runReplay({ dataDir: dir, from: 0, to: 7 }, context(KAFKA_ENV).ctx, dependencies)).toBe(0);
    expect(positions(sent)).toEqual(positions(log.filter((e) => e.position <= 7)));
  });

  it('Ctrl-C stops after the batch in flight and says how to continue; continuing sends the rest', async () => {
    const stop = new AbortController();
    const first = recordingPublisher(() => stop.abort());
    const interrupted = context(KAFKA_ENV, stop.signal);
    expect(await runReplay({ dataDir: dir, from: 0, batchSize: 3 }, interrupted.ctx, first.dependencies)).toBe(130);
    expect(first.sent).toHaveLength(3);
    const last = first.sent.at(-1)!.position;
    expect(interrupted.stderr()).toContain(`continue with --from ${last} --to 12`);
    expect(first.publisher.close).toHaveBeenCalled();

    const rest = recordingPublisher();
    expect(await runReplay({ dataDir: dir, from: last, to: 12 }, context(KAFKA_ENV).ctx, rest.dependencies)).toBe(0);
    expect([...first.sent, ...rest.sent]).toEqual(log);
  });

  it('with the HTTP feed there is nothing to send: it says where the consumer should read, exit 0', async () => {
    const run = context({});
    const { publisher, dependencies } = recordingPublisher();
    expect(await runReplay({ dataDir: dir, from: 5 }, run.ctx, dependencies)).toBe(0);
    expect(run.stdout()).toMatch(/^nothing to re-send: .*GET \/feed\/events\?after=5 .*\n$/);
    expect(publisher.publishEvents).not.toHaveBeenCalled();
  });

  it.each([
    [['replay', 'publisher'], /required option '--from <position>'/],
    [['replay', 'subscribers', '--from', '1'], /'subscribers' is invalid for argument 'target'. Allowed choices are publisher/],
    [['replay', 'publisher', '--from', '-1'], /position must be a whole number/],
    [['replay', 'publisher', '--from', '5', '--to', '2'], /--to \(2\) must not be before --from \(5\)/],
  ])('refuses `%s` with one line and exit 2', async (args, message) => {
    const run = context(KAFKA_ENV);
    expect(await runCli(['--data-dir', dir, ...args], run.ctx)).toBe(2);
    expect(run.stderr()).toMatch(message);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
  });

  it('an unreachable broker is one line and exit 1, after a few seconds at most', async () => {
    const run = context({ LIFELINE_PUBLISHER: 'kafka', KAFKA_BROKERS: '127.0.0.1:1' });
    expect(await runCli(['--data-dir', dir, 'replay', 'publisher', '--from', '0'], run.ctx)).toBe(1);
    expect(run.stderr()).toMatch(/^error: cannot reach Kafka at 127\.0\.0\.1:1: .+\n$/);
  }, 20_000);
});
