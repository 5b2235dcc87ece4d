import { loadConfig } from '@lifeline/config';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { ServerBusyError } from '../../http/server-busy';
import { AnalyticsPool } from './analytics-pool';
import { encodeChunk, type EncodedDataset } from './encoded-dataset';

const histories = (key: string): EncodedDataset => ({
  key,
  count: 1,
  chunks: [encodeChunk([{ customerId: 'c1', currency: 'EUR', days: [['2025-01-02', 1500, 1]] }])],
});

describe('AnalyticsPool', () => {
  let pool: AnalyticsPool;
  afterEach(() => pool.onModuleDestroy());

  it('computes on a worker thread, not the calling one', async () => {
    pool = new AnalyticsPool(loadConfig({ LIFELINE_WORKER_THREADS: '1' }));
    const outcome = await pool.run({ task: 'rfmSegmentMembers', params: { segment: 'champions', asOf: '2025-02-01T00:00:00Z' }, datasets: { histories: histories('h@1') } });
    expect(outcome.threadId).not.toBe(threadId);
    expect(Array.isArray(outcome.result)).toBe(true);
    expect(pool.stats()).toMatchObject({ threads: 1, inFlight: 0, completed: 1, threadIds: [outcome.threadId] });
  });
});

describe('AnalyticsPool bounds', () => {
  let pool: AnalyticsPool;
  afterEach(() => pool.onModuleDestroy());

  it('refuses a computation beyond threads + queue with 503 server-busy and Retry-After, and takes one again once a slot is free', async () => {
    pool = new AnalyticsPool(loadConfig({ LIFELINE_WORKER_THREADS: '1', LIFELINE_WORKER_QUEUE: '1' }));
    pool.useWorkerEntry(join(__dirname, 'testing', 'holding-analytics-worker.ts'));
    const task = { task: 'rfmSegmentMembers', params: { segment: 'champions', asOf: '2025-02-01T00:00:00Z' }, datasets: { histories: histories('h@1') } } as const;
    const running = pool.run(task);
    const queued = pool.run(task);
    expect(pool.stats()).toMatchObject({ inFlight: 2, capacity: 2 });
    const refused = await pool.run(task).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServerBusyError);
    expect((refused as ServerBusyError).problem).toMatchObject({ status: 503, type: '/problems/server-busy' });
    expect((refused as ServerBusyError).retryAfterSeconds).toBeGreaterThan(0);
    await Promise.all([running, queued]);
    await expect(pool.run(task)).resolves.toMatchObject({ result: [] });
    expect(pool.stats()).toMatchObject({ inFlight: 0, completed: 3 });
  });

  it('sets another worker entry only before the threads started', async () => {
    pool = new AnalyticsPool(loadConfig({}));
    await pool.run({ task: 'rfm', params: { asOf: '2025-02-01T00:00:00Z' }, datasets: { histories: histories('h@1') } });
    expect(() => pool.useWorkerEntry('/elsewhere.js')).toThrow('before the first task');
  });
});
