import type { EncryptingEventStore } from '@lifeline/personal-data/encryption';
import { randomUUID } from 'node:crypto';
import type { LifelineCloudEvent } from '@lifeline/publishing/cloudevents';
import { acquisition, removeDataDir, startApi, type RunningApi } from '../support/api-harness';
import { SseClient } from './sse-client';

interface FeedPage {
  events: LifelineCloudEvent[];
  next: number;
  head: number;
}

const contact = (topic: string) => ({ channel: 'email', direction: 'inbound', topic, occurredAt: '2025-02-01T10:00:00Z' });

describe('HTTP feed of customer events', () => {
  let api: RunningApi;
  /** Positions of the customer events written in beforeAll, in order. */
  const written: number[] = [];

  beforeAll(async () => {
    api = await startApi();
    for (const id of ['c-1', 'c-2', 'c-3']) {
      written.push((await api.http().post('/customers').send(acquisition(id)).expect(201)).body.position);
      written.push((await api.http().post(`/customers/${id}/contacts`).send(contact(`hello ${id}`)).expect(201)).body.position);
    }
    // An event outside the customer streams: the feed must not show it, and must page past it.
    await api.eventStore.appendToStream(
      'operator-notes',
      [{ eventId: randomUUID(), type: 'NoteTaken', schemaVersion: 1, occurredAt: '2025-02-01T00:00:00Z', data: {}, metadata: {} }],
      { expectedRevision: 'no_stream' },
    );
  });
  afterAll(async () => {
    await api.stop();
    removeDataDir(api.config.dataDir);
  });

  const page = async (query: string): Promise<FeedPage> => (await api.http().get(`/feed/events${query}`).expect(200).expect('content-type', /application\/json/)).body;

  it('pages through every customer event in position order, as the CloudEvents Kafka consumers get', async () => {
    const first = await page('?limit=4');
    expect(first.events.map((e) => Number(e.position))).toEqual(written.slice(0, 4));
    expect(first.next).toBe(written[3]);
    const second = await page(`?after=${first.next}&limit=4`);
    expect(second.events.map((e) => Number(e.position))).toEqual(written.slice(4));

    const [acquired, contacted] = first.events;
    const stored = await api.stream('c-1');
    expect(acquired).toEqual({
      specversion: '1.0',
      id: stored[0]!.eventId,
      source: '/lifeline/customers',
      type: 'com.lifeline.customer.CustomerAcquired.v1',
      subject: 'c-1',
      time: '2025-01-10T09:00:00.000Z',
      datacontenttype: 'application/json',
      data: stored[0]!.data,
      recordedtime: stored[0]!.recordedAt,
      position: String(written[0]),
      revision: 0,
      schemaversion: 1,
      correlationid: expect.any(String),
      principal: expect.stringMatching(/^key:test-admin-/),
    });
    expect(contacted).toMatchObject({ type: 'com.lifeline.customer.CustomerContacted.v1', subject: 'c-1', revision: 1 });
  });

  it('a short page means caught up: next jumps to the head, past events of other streams', async () => {
    const head = await api.eventStore.headPosition();
    expect(head).toBeGreaterThan(written.at(-1)!);
    const all = await page('');
    expect(all.events).toHaveLength(written.length);
    expect(all).toMatchObject({ next: head, head });
    expect((await page(`?after=${all.next}`)).events).toEqual([]);
  });

  it.each([
    ['?after=-1', 'after'],
    ['?after=abc', 'after'],
    ['?after=1.5', 'after'],
    ['?after=99999999999999999', 'after'],
    ['?limit=0', 'limit'],
    ['?limit=1001', 'limit'],
    ['?limit=ten', 'limit'],
    ['?after=1&after=2', 'after'],
    ['?from=3', 'from'],
  ])('refuses %s with 400 problem+json naming %s', async (query, field) => {
    const response = await api.http().get(`/feed/events${query}`).expect(400).expect('content-type', /application\/problem\+json/);
    expect(response.body).toMatchObject({ type: '/problems/validation-error', status: 400, errors: [expect.objectContaining({ field })] });
  });

  describe('Server-Sent Events', () => {
    const clients: SseClient[] = [];
    const connect = async (path: string, headers: Record<string, string> = {}) => {
      const client = await SseClient.connect(`${api.url}${path}`, { ...api.authorization, ...headers });
      clients.push(client);
      return client;
    };
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((client) => client.close()));
    });

    it('sends the history, then an event written after the client connected', async () => {
      const client = await connect('/feed/events/stream');
      expect(client.status).toBe(200);
      expect(client.contentType).toMatch(/^text\/event-stream/);
      const history = await client.waitForMessages(written.length);
      expect(history.map((m) => Number(m.id))).toEqual(written);
      expect(history[0]).toMatchObject({ event: 'com.lifeline.customer.CustomerAcquired.v1' });
      expect(JSON.parse(history[0]!.data)).toMatchObject({ specversion: '1.0', subject: 'c-1', position: String(written[0]) });

      const live = (await api.http().post('/customers').send(acquisition('c-live')).expect(201)).body.position as number;
      written.push(live);
      const [latest] = (await client.waitForMessages(written.length)).slice(-1);
      expect(latest).toMatchObject({ id: String(live), event: 'com.lifeline.customer.CustomerAcquired.v1' });
      expect(JSON.parse(latest!.data)).toMatchObject({ subject: 'c-live' });
    });

    it('Accept: text/event-stream on /feed/events streams too, from ?after=', async () => {
      const client = await connect(`/feed/events?after=${written[2]}`);
      const messages = await client.waitForMessages(written.length - 3);
      expect(messages.map((m) => Number(m.id))).toEqual(written.slice(3));
    });

    it('resumes after Last-Event-ID, which wins over ?after= as a reconnecting EventSource sends both', async () => {
      const client = await connect('/feed/events/stream?after=0', { 'Last-Event-ID': String(written[3]) });
      const messages = await client.waitForMessages(written.length - 4);
      expect(messages.map((m) => Number(m.id))).toEqual(written.slice(4));
    });

    it('refuses a malformed Last-Event-ID with 400 problem+json', async () => {
      const response = await api.http().get('/feed/events/stream').set('Last-Event-ID', 'yesterday').expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'Last-Event-ID' })]);
    });

    it('closes its subscription when the client goes away', async () => {
      const client = await connect('/feed/events/stream');
      await client.waitForMessages(1);
      // The SQLite store under the encrypting layer keeps the subscriptions.
      const subscriptions = ((api.eventStore as EncryptingEventStore).inner as unknown as { subscriptions: Set<unknown> }).subscriptions;
      const before = subscriptions.size;
      await client.close();
      const deadline = Date.now() + 3000;
      while (subscriptions.size >= before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(subscriptions.size).toBe(before - 1);
    });
  });

  describe('Server-Sent Events while the history is still being sent', () => {
    const HISTORY = 1_500; // fifteen of the feed's 100-event pages of history
    /** Bulky events: the history (~12 MB) is more than the socket buffers can hold, so a paused client blocks the server. */
    const NOTE = 'x'.repeat(8_000);
    let busy: RunningApi;
    let client: SseClient | undefined;
    beforeAll(async () => {
      // No projector here: the feed's subscription is then the only reader of the log's pages.
      busy = await startApi({ env: { LIFELINE_RUN_PROJECTOR: 'false' } });
      for (let stream = 0; stream < HISTORY / 100; stream++) {
        const customerId = `h-${stream}`;
        const events = Array.from({ length: 100 }, (_, i) => ({
          eventId: randomUUID(),
          type: i === 0 ? 'CustomerAcquired' : 'CustomerContacted',
          schemaVersion: 1,
          occurredAt: '2025-02-01T00:00:00Z',
          data: i === 0 ? { customerId, name: 'History', acquisitionChannel: 'web' } : { customerId, contactId: `ct-${i}`, channel: 'email', direction: 'inbound', topic: 'old', summary: NOTE },
          metadata: {},
        }));
        await busy.eventStore.appendToStream(`customer-${customerId}`, events, { expectedRevision: 'no_stream' });
      }
    });
    afterAll(async () => {
      await client?.close();
      await busy.stop();
      removeDataDir(busy.config.dataDir);
    });

    it('sends every event once, in position order, when writes arrive in the middle of the history', async () => {
      // Which pages of history the feed has read, to know it is still in the history.
      const pagesRead: number[] = [];
      const store = busy.eventStore;
      const readAll = store.readAll.bind(store);
      const spy = jest.spyOn(store, 'readAll').mockImplementation((options) => {
        pagesRead.push(options?.after ?? 0);
        return readAll(options);
      });
      try {
        client = await SseClient.connectWithBackPressure(`${busy.url}/feed/events/stream`, busy.authorization);
        expect(client.status).toBe(200);
        // A slow consumer: the server blocks on a full socket, in the middle of the history.
        client.pause();
        await new Promise((resolve) => setTimeout(resolve, 100));
        const live: number[] = [];
        for (let i = 0; i < 20; i++) live.push((await busy.http().post('/customers').send(acquisition(`mid-${i}`)).expect(201)).body.position);
        // The writes landed while the history was being sent (else this test proves nothing).
        expect(pagesRead.length).toBeGreaterThan(0);
        expect(Math.max(...pagesRead)).toBeLessThan(HISTORY);
        client.resume();

        const messages = await client.waitForMessages(HISTORY + live.length, 30_000);
        const ids = messages.map((message) => Number(message.id));
        // The history is every customer event written before the client connected, in log order.
        const history = (await busy.eventStore.readAll({ after: 0 })).filter((event) => event.streamId.startsWith('customer-')).slice(0, HISTORY);
        expect(ids.slice(0, HISTORY)).toEqual(history.map((event) => event.position));
        expect(ids.slice(HISTORY)).toEqual(live);
        // Nothing more than what was written arrives.
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(client.messages).toHaveLength(HISTORY + live.length);
      } finally {
        spy.mockRestore();
      }
    }, 60_000);
  });

  describe('bounded: open streams and replays', () => {
    let bounded: RunningApi;
    const clients: SseClient[] = [];
    beforeAll(async () => {
      bounded = await startApi({ env: { LIFELINE_FEED_MAX_STREAMS: '1' } });
      await bounded.http().post('/customers').send(acquisition('b-1')).expect(201);
    });
    afterAll(async () => {
      await Promise.all(clients.map((client) => client.close()));
      await bounded.stop();
      removeDataDir(bounded.config.dataDir);
    });

    it('refuses a stream past LIFELINE_FEED_MAX_STREAMS with 503 problem+json and Retry-After, and takes one again once a stream closed', async () => {
      const first = await SseClient.connect(`${bounded.url}/feed/events/stream`, bounded.authorization);
      clients.push(first);
      await first.waitForMessages(1);
      const refused = await fetch(`${bounded.url}/feed/events/stream`, { headers: { accept: 'text/event-stream', ...bounded.authorization } });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ type: '/problems/server-busy', status: 503 });
      // Pages are not streams: still served.
      await bounded.http().get('/feed/events').expect(200);

      await first.close();
      const deadline = Date.now() + 3000;
      let again: SseClient | undefined;
      while (again === undefined && Date.now() < deadline) {
        const client = await SseClient.connect(`${bounded.url}/feed/events/stream`, bounded.authorization);
        if (client.status === 200) again = client;
        else await client.close();
      }
      expect(again?.status).toBe(200);
      clients.push(again!);
      await again!.waitForMessages(1);
    });
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await api.http().get('/docs-json').expect(200)).body;
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/feed/events', '/feed/events/stream']));
    expect(Object.keys(document.paths['/feed/events'].get.responses['200'].content)).toEqual(['application/json', 'text/event-stream']);
  });
});
