import type { NestExpressApplication } from '@nestjs/platform-express';
import { AUTH_DB_FILE } from '@lifeline/auth/composition';
import { API_KEY_STORE, generateApiKey, type ApiKeyStore, type Role } from '@lifeline/auth/port';
import { SqliteApiKeyStore } from '@lifeline/auth/sqlite';
import { loadConfig, type LifelineConfig } from '@lifeline/config';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@lifeline/event-store/port';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createHttpApp } from '../../apps/api/src/http/create-http-app';

/** The real API on a real port and a real data directory: what a client sees. */
export interface RunningApi {
  readonly app: NestExpressApplication;
  readonly config: LifelineConfig;
  readonly url: string;
  /** The app's own event store, to check what was (not) written. */
  readonly eventStore: EventStore;
  /** As an admin (the API key the harness made), unless started with `auth: 'protected'`. */
  http(): ReturnType<typeof request>;
  /** Without credentials. */
  anonymous(): ReturnType<typeof request>;
  /** The Authorization header http() sends, for clients other than supertest (SSE, fetch); empty in protected mode. */
  readonly authorization: Record<string, string>;
  /** A new API key with this role (through the app's own key store); resolves to the key. */
  createKey(role: Role, name?: string): Promise<string>;
  stream(customerId: string): Promise<RecordedEvent[]>;
  stop(): Promise<void>;
}

export function temporaryDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'lifeline-e2e-'));
}

export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

/** What tests run with unless they say otherwise: no demo history, no log lines. */
const TEST_ENV: Record<string, string> = { LIFELINE_DEMO: 'off', LOG_LEVEL: 'silent' };

let keysMade = 0;

async function addKey(store: ApiKeyStore, role: Role, name: string): Promise<string> {
  const key = generateApiKey();
  await store.add({ id: key.id, name, role, hash: key.hash, createdAt: new Date().toISOString() });
  return key.secret;
}

/**
 * Starts the API on `dataDir` (a fresh temporary one unless given); `stop()` leaves the directory.
 * By default an admin API key exists before start (so authentication is on, as in any
 * deployment) and http() sends it; `auth: 'protected'` starts without any key (protected mode).
 */
export async function startApi(options: { dataDir?: string; env?: Record<string, string>; auth?: 'admin-key' | 'protected' } = {}): Promise<RunningApi> {
  const config = { ...loadConfig({ ...TEST_ENV, ...options.env }), dataDir: options.dataDir ?? temporaryDataDir() };
  let adminKey: string | undefined;
  if ((options.auth ?? 'admin-key') === 'admin-key') {
    const keys = SqliteApiKeyStore.open(join(config.dataDir, AUTH_DB_FILE));
    adminKey = await addKey(keys, 'admin', `test-admin-${process.pid}-${++keysMade}`).finally(() => keys.close());
  }
  const app = await createHttpApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const eventStore = app.get<EventStore>(EVENT_STORE);
  const authorization: Record<string, string> = adminKey === undefined ? {} : { Authorization: `Bearer ${adminKey}` };
  return {
    app,
    config,
    url,
    eventStore,
    authorization,
    http: () => (adminKey === undefined ? request(url) : request.agent(url).set(authorization)),
    anonymous: () => request(url),
    createKey: (role, name) => addKey(app.get<ApiKeyStore>(API_KEY_STORE), role, name ?? `test-${role}-${process.pid}-${++keysMade}`),
    stream: (customerId) => eventStore.readStream(`customer-${customerId}`),
    stop: () => app.close(),
  };
}

/** A minimal valid acquisition, to build on. */
export function acquisition(customerId: string, overrides: Record<string, unknown> = {}) {
  return { customerId, name: 'Ada Lovelace', acquisitionChannel: 'web', occurredAt: '2025-01-10T09:00:00Z', ...overrides };
}
