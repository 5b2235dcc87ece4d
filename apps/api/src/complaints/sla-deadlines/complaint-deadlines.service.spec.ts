import { loadConfig } from '@lifeline/config';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ComplaintDeadlinesService } from './complaint-deadlines.service';

describe('ComplaintDeadlinesService', () => {
  let dir: string;
  let eventStore: SqliteEventStore;
  let readStore: SqliteReadModelStore;
  let rounds: jest.SpyInstance;
  /** 'abort' listeners added to and removed from AbortSignals while a test runs. */
  const abortListeners = { added: 0, removed: 0 };
  let spies: jest.SpyInstance[] = [];

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    dir = mkdtempSync(join(tmpdir(), 'lifeline-deadlines-'));
    eventStore = SqliteEventStore.open(join(dir, 'events.db'));
    readStore = SqliteReadModelStore.open(join(dir, 'read.db'));
    // Each round scans the complaints twice (open ones, recently resolved ones).
    rounds = jest.spyOn(readStore, 'scan');
    abortListeners.added = abortListeners.removed = 0;
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    spies = [
      jest.spyOn(EventTarget.prototype, 'addEventListener').mockImplementation(function (this: EventTarget, ...args: Parameters<EventTarget['addEventListener']>) {
        if (this instanceof AbortSignal && args[0] === 'abort') abortListeners.added++;
        return add.apply(this, args);
      }),
      jest.spyOn(EventTarget.prototype, 'removeEventListener').mockImplementation(function (this: EventTarget, ...args: Parameters<EventTarget['removeEventListener']>) {
        if (this instanceof AbortSignal && args[0] === 'abort') abortListeners.removed++;
        return remove.apply(this, args);
      }),
    ];
  });
  afterEach(async () => {
    spies.forEach((spy) => spy.mockRestore());
    jest.useRealTimers();
    await readStore.close();
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const service = () =>
    new ComplaintDeadlinesService(loadConfig({ LIFELINE_DATA_DIR: dir, LIFELINE_DEADLINE_CHECK_SECONDS: '60' }), eventStore, readStore, pino({ level: 'silent' }));

  it('runs a round every LIFELINE_DEADLINE_CHECK_SECONDS for half an hour without piling listeners up, and stops at once', async () => {
    const deadlines = service();
    deadlines.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(30 * 60_000);
    expect(rounds.mock.calls.length / 2).toBeGreaterThanOrEqual(30);
    // One abort listener per round left on the stop signal would pile up (Node warns after the 11th).
    expect(abortListeners.added - abortListeners.removed).toBeLessThanOrEqual(2);
    await deadlines.beforeApplicationShutdown();
    const after = rounds.mock.calls.length;
    await jest.advanceTimersByTimeAsync(5 * 60_000);
    expect(rounds.mock.calls.length).toBe(after);
  });

  it('holds its rounds until the hold settles, and a stop ends the hold at once', async () => {
    const deadlines = service();
    let release: () => void = () => undefined;
    deadlines.holdUntil(new Promise<void>((resolve) => (release = resolve)));
    deadlines.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(5 * 60_000);
    expect(rounds).not.toHaveBeenCalled();
    release();
    await jest.advanceTimersByTimeAsync(1);
    expect(rounds.mock.calls.length).toBeGreaterThan(0);
    await deadlines.beforeApplicationShutdown();

    const held = service();
    held.holdUntil(new Promise(() => undefined)); // never settles
    held.onApplicationBootstrap();
    await held.beforeApplicationShutdown();
  });
});
