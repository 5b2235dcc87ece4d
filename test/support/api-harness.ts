import type { NestExpressApplication } from '@nestjs/platform-express';
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
  http(): ReturnType<typeof request>;
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
// The SLA deadline process would append breaches of the tests' back-dated complaints; the tests that want it turn it on.
const TEST_ENV: Record<string, string> = { LIFELINE_DEMO: 'off', LOG_LEVEL: 'silent', LIFELINE_RUN_DEADLINES: 'false' };

/** Starts the API on `dataDir` (a fresh temporary one unless given); `stop()` leaves the directory. */
export async function startApi(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningApi> {
  const config = { ...loadConfig({ ...TEST_ENV, ...options.env }), dataDir: options.dataDir ?? temporaryDataDir() };
  const app = await createHttpApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const eventStore = app.get<EventStore>(EVENT_STORE);
  return {
    app,
    config,
    url,
    eventStore,
    http: () => request(url),
    stream: (customerId) => eventStore.readStream(`customer-${customerId}`),
    stop: () => app.close(),
  };
}

/** A minimal valid acquisition, to build on. */
export function acquisition(customerId: string, overrides: Record<string, unknown> = {}) {
  return { customerId, name: 'Ada Lovelace', acquisitionChannel: 'web', occurredAt: '2025-01-10T09:00:00Z', ...overrides };
}
