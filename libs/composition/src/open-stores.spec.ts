import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@lifeline/config';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import { SqliteIdempotencyStore } from '@lifeline/idempotency/sqlite';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { EVENTS_DB_FILE, openStores, PERSONAL_KEYS_DB_FILE, READ_DB_FILE, StoreUnreachableError } from './open-stores';

// No server answers on port 1: these failures are real, not simulated.
const dir = mkdtempSync(join(tmpdir(), 'lifeline-open-stores-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openStores', () => {
  it('opens the embedded SQLite stores in the data directory, creating it, and closes them cleanly', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const stores = await openStores(loadConfig({ LIFELINE_DATA_DIR: dataDir }));
    expect(stores.eventStore.inner).toBeInstanceOf(SqliteEventStore);
    expect(stores.readStore).toBeInstanceOf(SqliteReadModelStore);
    expect(stores.idempotencyStore).toBeInstanceOf(SqliteIdempotencyStore);
    expect(existsSync(join(dataDir, EVENTS_DB_FILE))).toBe(true);
    expect(existsSync(join(dataDir, READ_DB_FILE))).toBe(true);
    expect(existsSync(join(dataDir, PERSONAL_KEYS_DB_FILE))).toBe(true);

    const answer = { scope: 'POST /customers', key: 'k', requestHash: 'a'.repeat(64), status: 201, body: { ok: true }, createdAt: '2025-01-01T00:00:00.000Z' };
    await stores.idempotencyStore.remember(answer);
    await stores.close();
    await stores.close(); // a second close (shutdown hooks racing) is harmless
    await expect(stores.eventStore.headPosition()).rejects.toThrow(/closed/);

    // What was written is there after reopening: the idempotency answers live in events.db.
    const again = await openStores(loadConfig({ LIFELINE_DATA_DIR: dataDir }));
    expect(await again.idempotencyStore.find(answer.scope, answer.key)).toEqual(answer);
    await again.close();
  });

  it('fails fast with one line when the configured EventStoreDB does not answer, hiding credentials', async () => {
    const started = Date.now();
    const opening = openStores(
      loadConfig({ LIFELINE_DATA_DIR: join(dir, 'esdb'), LIFELINE_EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://admin:changeit@127.0.0.1:1?tls=false' }),
    );
    const error = await opening.catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(StoreUnreachableError);
    expect((error as Error).message).toMatch(/^cannot reach EventStoreDB at esdb:\/\/\*\*\*@127\.0\.0\.1:1\?tls=false: [^\n]+$/);
    expect((error as Error).message).not.toContain('changeit');
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);

  it('fails fast with one line when the configured MongoDB does not answer', async () => {
    const dataDir = join(dir, 'mongo');
    const started = Date.now();
    const error = await openStores(
      loadConfig({ LIFELINE_DATA_DIR: dataDir, LIFELINE_READ_STORE: 'mongodb', MONGO_URL: 'mongodb://127.0.0.1:1/x?serverSelectionTimeoutMS=500' }),
    ).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(StoreUnreachableError);
    expect((error as Error).message).toMatch(/^cannot use MongoDB for read models: MongoDB at mongodb:\/\/127\.0\.0\.1:1\/x\?serverSelectionTimeoutMS=500 did not answer: [^\n]+$/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
