import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import type { DocumentProjection } from '@lifeline/projections/runtime';
import { SqliteReadModelStore } from '@lifeline/read-store/sqlite';
import { startProjectorApp } from './projector-app';

const names: DocumentProjection<{ name: string }> = {
  name: 'names',
  version: 1,
  indexes: [],
  keysOf: (event) => (event.type === 'CustomerAcquired' ? [event.data.customerId] : []),
  evolve: (_doc, event) => (event.type === 'CustomerAcquired' ? { name: event.data.name } : undefined),
};

describe('projector app', () => {
  it('projects the events in LIFELINE_DATA_DIR into read.db and leaves both files closed and consistent on stop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-projector-app-'));
    try {
      const events = SqliteEventStore.open(join(dir, 'events.db'));
      const { position } = await events.appendToStream(
        'customer-c-1',
        [{ eventId: randomUUID(), type: 'CustomerAcquired', schemaVersion: 1, occurredAt: '2025-01-01T00:00:00.000Z', data: { customerId: 'c-1', name: 'Ada', acquisitionChannel: 'web', keyAccount: false }, metadata: {} }],
        { expectedRevision: 'no_stream' },
      );
      await events.close();

      const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
      const app = await startProjectorApp({ dataDir: dir, projections: [names], logger: silent });
      expect(await app.projector.waitForPosition(position, 5000)).toBe(true);
      await app.stop();
      await app.stop(); // a second signal is harmless

      const read = SqliteReadModelStore.open(join(dir, 'read.db'));
      expect(await read.get('names', 'c-1')).toEqual({ _id: 'c-1', name: 'Ada' });
      expect((await read.getCheckpoint('names')).position).toBe(position);
      await read.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
