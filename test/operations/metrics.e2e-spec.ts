import { PROJECTOR, startLifeline } from '@lifeline/composition';
import { PROJECTION_NAMES } from '@lifeline/projections/catalog';
import type { Projector } from '@lifeline/projections/runtime';
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The value of one sample in Prometheus text format; a series that is absent fails the test. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((label) => present.includes(label)) && present.length === wanted.length) return Number(match[3]);
  }
  throw new Error(`no sample ${name}${JSON.stringify(labels)} in the scrape`);
}

/**
 * For a labelled counter, a label set never incremented has no series yet: that is 0. The
 * counter itself must still be declared (its # TYPE line), so a renamed metric fails.
 */
function counted(text: string, name: string, labels: Record<string, string>): number {
  if (!text.includes(`# TYPE ${name} counter`)) throw new Error(`no counter ${name} in the scrape`);
  try {
    return sample(text, name, labels);
  } catch {
    return 0;
  }
}

describe('metrics and correlation ids', () => {
  let api: RunningApi;
  beforeEach(async () => {
    api = await startApi();
  });
  afterEach(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });
  const scrape = async () => {
    const response = await api.http().get('/metrics').expect(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    return response.text;
  };
  const commands = (text: string, command: string, outcome: string) => counted(text, 'lifeline_commands_total', { command, outcome });

  it('counts commands by outcome, times appends, and counts events projected', async () => {
    const before = await scrape();
    expect(before).toContain('process_cpu_seconds_total'); // default process metrics
    expect(sample(before, 'lifeline_projection_lag_events', { projection: 'customer-profiles' })).toBe(0);

    await api.http().post('/customers').send(acquisition('c-1')).expect(201);
    await api.http().post('/customers').send(acquisition('c-1')).expect(409); // customer_already_exists
    await api.http().post('/customers/nobody/churn').send({ reason: 'price' }).expect(404);
    await api.http().post('/customers').send({ name: 'no channel' }).expect(400);
    await api.http().post('/customers').set('Idempotency-Key', 'k-1').send(acquisition('c-2')).expect(201);
    await api.http().post('/customers').set('Idempotency-Key', 'k-1').send(acquisition('c-2')).expect(201);
    const { body: contact } = await api.http().post('/customers/c-1/contacts').send({ channel: 'phone', direction: 'inbound', topic: 'billing' }).expect(201);
    expect(await api.app.get<Projector>(PROJECTOR).waitForPosition(contact.position, 5000)).toBe(true);

    const after = await scrape();
    expect(commands(after, 'AcquireCustomer', 'ok')).toBe(2);
    expect(commands(after, 'AcquireCustomer', 'rule_violation')).toBe(1);
    expect(commands(after, 'ChurnCustomer', 'not_found')).toBe(1);
    expect(commands(after, 'AcquireCustomer', 'invalid')).toBe(1);
    expect(commands(after, 'AcquireCustomer', 'replayed')).toBe(1);
    expect(commands(after, 'RecordContact', 'ok')).toBe(1);
    expect(sample(after, 'lifeline_append_duration_seconds_count')).toBe(3); // three events written
    for (const projection of ['customer-profiles', 'customer-timelines', 'complaints', 'purchase-histories', 'satisfaction-answers']) {
      expect(sample(after, 'lifeline_events_projected_total', { projection })).toBe(3);
      expect(sample(after, 'lifeline_projection_lag_events', { projection })).toBe(0);
      expect(sample(after, 'lifeline_projection_lag_seconds', { projection })).toBe(0);
    }
  });

  /** Scrapes until every projection's lag gauge reads 0, or fails after `timeoutMs`. */
  async function caughtUp(target: RunningApi, timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = (await target.http().get('/metrics').expect(200)).text;
      if (PROJECTION_NAMES.every((projection) => sample(text, 'lifeline_projection_lag_events', { projection }) === 0)) return text;
      if (Date.now() > deadline) throw new Error(`read models still behind after ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  it('while events wait (projector stopped) the lag gauges give their count and a positive age; both fall to 0 once caught up', async () => {
    const projector = api.app.get<Projector>(PROJECTOR);
    await projector.stop();
    await api.http().post('/customers').send(acquisition('c-wait-1')).expect(201);
    const waitedFrom = Date.now();
    await api.http().post('/customers').send(acquisition('c-wait-2')).expect(201);
    await sleep(50);

    const behind = await scrape();
    const ceiling = (Date.now() - waitedFrom) / 1000 + 5; // the oldest waiting event cannot be older than the test
    for (const projection of PROJECTION_NAMES) {
      expect(sample(behind, 'lifeline_projection_lag_events', { projection })).toBe(2);
      const seconds = sample(behind, 'lifeline_projection_lag_seconds', { projection });
      expect(seconds).toBeGreaterThanOrEqual(0.05);
      expect(seconds).toBeLessThan(ceiling);
    }

    await projector.start();
    const after = await caughtUp(api);
    for (const projection of PROJECTION_NAMES) expect(sample(after, 'lifeline_projection_lag_seconds', { projection })).toBe(0);
  });

  it('with the projector in another process, the gauges read the stored checkpoints: positive age while behind, 0 after', async () => {
    const apiOnly = await startApi({ env: { LIFELINE_RUN_PROJECTOR: 'false' } });
    const projectorProcess = { runtime: undefined as Awaited<ReturnType<typeof startLifeline>> | undefined };
    try {
      await apiOnly.http().post('/customers').send(acquisition('c-ext')).expect(201);
      await sleep(50);
      const behind = (await apiOnly.http().get('/metrics').expect(200)).text;
      for (const projection of PROJECTION_NAMES) {
        expect(sample(behind, 'lifeline_projection_lag_events', { projection })).toBe(1);
        expect(sample(behind, 'lifeline_projection_lag_seconds', { projection })).toBeGreaterThanOrEqual(0.05);
      }

      projectorProcess.runtime = await startLifeline(apiOnly.config, { runProjector: true });
      const after = await caughtUp(apiOnly);
      for (const projection of PROJECTION_NAMES) expect(sample(after, 'lifeline_projection_lag_seconds', { projection })).toBe(0);
    } finally {
      await projectorProcess.runtime?.close();
      await apiOnly.stop();
      removeDataDir(apiOnly.config.dataDir);
    }
  });

  it('keeps each app’s counts apart when several run in one process', async () => {
    const other = await startApi();
    try {
      await other.http().post('/customers').send(acquisition('c-other')).expect(201);
      expect(commands(await scrape(), 'AcquireCustomer', 'ok')).toBe(0);
      const otherText = (await other.http().get('/metrics').expect(200)).text;
      expect(commands(otherText, 'AcquireCustomer', 'ok')).toBe(1);
    } finally {
      await other.stop();
      removeDataDir(other.config.dataDir);
    }
  });

  it('reports the Kafka publisher lag from its stored checkpoint when the projector process publishes', async () => {
    // The API never talks to Kafka (the projector process does): no broker is needed to read the lag.
    const kafkaApi = await startApi({ env: { LIFELINE_PUBLISHER: 'kafka', KAFKA_BROKERS: '127.0.0.1:1' } });
    try {
      expect(sample((await kafkaApi.http().get('/metrics').expect(200)).text, 'lifeline_publisher_lag_events')).toBe(0);
      await kafkaApi.http().post('/customers').send(acquisition('c-k1')).expect(201);
      await kafkaApi.http().post('/customers').send(acquisition('c-k2')).expect(201);
      expect(sample((await kafkaApi.http().get('/metrics').expect(200)).text, 'lifeline_publisher_lag_events')).toBe(2);
    } finally {
      await kafkaApi.stop();
      removeDataDir(kafkaApi.config.dataDir);
    }
    // With the HTTP feed, consumers pull by position: there is no publisher lag to report.
    expect((await scrape())).not.toContain('lifeline_publisher_lag_events');
  });

  it('echoes X-Correlation-Id and stores it in the metadata of the events the command wrote', async () => {
    const response = await api.http().post('/customers').set('X-Correlation-Id', 'trace-me-1').send(acquisition('c-corr')).expect(201);
    expect(response.headers['x-correlation-id']).toBe('trace-me-1');
    const [event] = await api.stream('c-corr');
    expect(event!.metadata.correlationId).toBe('trace-me-1');
  });

  it('without X-Correlation-Id takes the trace id of a W3C traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await api.http().post('/customers').set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`).send(acquisition('c-trace')).expect(201);
    expect(response.headers['x-correlation-id']).toBe(traceId);
    expect((await api.stream('c-trace'))[0]!.metadata.correlationId).toBe(traceId);
  });
});
