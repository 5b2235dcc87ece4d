import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelStoreContract } from '../../port/src/testing/read-model-store.contract';
import { SqliteReadModelStore } from './sqlite-read-model-store';

const dir = mkdtempSync(join(tmpdir(), 'lifeline-read-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

readModelStoreContract('SQLite', async () => SqliteReadModelStore.open(join(dir, 'read.db')));

describe('SqliteReadModelStore specifics', () => {
  it('keeps documents and checkpoints across reopening the file', async () => {
    const file = join(dir, 'reopen.db');
    const first = SqliteReadModelStore.open(file);
    await first.ensureCollection('profiles', [{ field: 'status' }]);
    await first.commitBatch('profiles', { checkpoint: 42, upserts: [{ _id: 'c-1', status: 'active' }], deletes: [] });
    await first.close();
    const second = SqliteReadModelStore.open(file);
    expect(await second.get('profiles', 'c-1')).toEqual({ _id: 'c-1', status: 'active' });
    expect((await second.getCheckpoint('profiles')).position).toBe(42);
    await second.close();
  });

  it('sees a swap made through another connection to the same file', async () => {
    const file = join(dir, 'two.db');
    const projector = SqliteReadModelStore.open(file);
    const api = SqliteReadModelStore.open(file);
    await projector.ensureCollection('timeline', []);
    await projector.commitBatch('timeline', { checkpoint: 1, upserts: [{ _id: 'a', v: 1 }], deletes: [] });
    expect(await api.get('timeline', 'a')).toEqual({ _id: 'a', v: 1 });
    const version = await projector.beginRebuild('timeline', []);
    await projector.commitBatch('timeline', { version, checkpoint: 1, upserts: [{ _id: 'a', v: 2 }], deletes: [] });
    await projector.swapIn('timeline', version);
    expect(await api.get('timeline', 'a')).toEqual({ _id: 'a', v: 2 });
    await projector.close();
    await api.close();
  });
});

describe('SqliteReadModelStore indexes', () => {
  it('answers filters and sorts on an indexed field from its expression index, not a table scan', async () => {
    const file = join(dir, 'plan.db');
    const store = SqliteReadModelStore.open(file);
    await store.ensureCollection('profiles', [{ field: 'status' }]);
    await store.close();
    // The adapter's query shape, checked with SQLite's planner on the same file.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file, { readonly: true });
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id, doc FROM "rm_profiles__v1" WHERE json_extract(doc, '$.status') = ? ORDER BY json_extract(doc, '$.status') ASC, id ASC`)
      .all('active') as { detail: string }[];
    db.close();
    expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING INDEX "?rm_profiles__v1__status/);
  });

  it('after a rebuild, a low-cardinality filter sorted by a date walks the date index instead of sorting half the collection', async () => {
    const file = join(dir, 'analyzed.db');
    const store = SqliteReadModelStore.open(file);
    const indexes = [{ field: 'status' }, { field: 'acquiredAt' }];
    await store.ensureCollection('profiles', indexes);
    const version = await store.beginRebuild('profiles', indexes);
    const upserts = Array.from({ length: 2000 }, (_, i) => ({
      _id: `c-${i}`,
      status: i % 2 ? 'active' : 'churned',
      acquiredAt: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
    }));
    await store.commitBatch('profiles', { version, checkpoint: 1, upserts, deletes: [] });
    await store.swapIn('profiles', version);
    await store.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file, { readonly: true });
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id, doc FROM "rm_profiles__v${version}" WHERE json_extract(doc, '$.status') = ? AND json_extract(doc, '$.acquiredAt') >= ? ` +
          `ORDER BY json_extract(doc, '$.acquiredAt') ASC, id ASC LIMIT 51`,
      )
      .all('active', '2020-02-01') as { detail: string }[];
    db.close();
    const detail = plan.map((row) => row.detail).join('\n');
    expect(detail).toMatch(/USING INDEX "?rm_profiles__v\d+__acquiredAt/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });

  it('a collection grown batch by batch gets the same plan', async () => {
    const file = join(dir, 'grown.db');
    const store = SqliteReadModelStore.open(file);
    await store.ensureCollection('profiles', [{ field: 'status' }, { field: 'acquiredAt' }]);
    for (let batch = 0; batch < 20; batch++) {
      const upserts = Array.from({ length: 100 }, (_, i) => ({
        _id: `c-${batch}-${i}`,
        status: i % 2 ? 'active' : 'churned',
        acquiredAt: new Date(Date.UTC(2020, 0, 1) + (batch * 100 + i) * 3_600_000).toISOString(),
      }));
      await store.commitBatch('profiles', { checkpoint: batch + 1, upserts, deletes: [] });
    }
    await store.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file, { readonly: true });
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id, doc FROM "rm_profiles__v1" WHERE json_extract(doc, '$.status') = ? AND json_extract(doc, '$.acquiredAt') >= ? ` +
          `ORDER BY json_extract(doc, '$.acquiredAt') ASC, id ASC LIMIT 51`,
      )
      .all('active', '2020-02-01') as { detail: string }[];
    db.close();
    expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING INDEX "?rm_profiles__v1__acquiredAt/);
  });
});

describe('SqliteReadModelStore compound indexes', () => {
  const profileIndexes = [{ field: 'status' }, { field: 'acquiredAt' }, { field: 'status', then: ['acquiredAt'] }];
  // The bench's shape: the earliest customers are mostly churned, so walking the date index
  // for active ones would read a long run of churned ones first.
  const profiles = Array.from({ length: 3000 }, (_, i) => ({
    _id: `c-${String(i).padStart(5, '0')}`,
    status: i < 2000 ? (i % 50 ? 'churned' : 'active') : i % 2 ? 'active' : 'churned',
    acquiredAt: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
  }));
  const status = `json_extract(doc, '$.status')`;
  const acquiredAt = `json_extract(doc, '$.acquiredAt')`;

  async function planOf(file: string, table: string, sql: string, ...params: unknown[]): Promise<string> {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file, { readonly: true });
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id, doc FROM "${table}" ${sql}`).all(...params) as { detail: string }[];
    db.close();
    return plan.map((row) => row.detail).join('\n');
  }

  it('after a rebuild, a status filter sorted by date reads its pages from the compound index, first and later ones, without a sort', async () => {
    const file = join(dir, 'compound.db');
    const store = SqliteReadModelStore.open(file);
    await store.ensureCollection('profiles', profileIndexes);
    const version = await store.beginRebuild('profiles', profileIndexes);
    await store.commitBatch('profiles', { version, checkpoint: 1, upserts: profiles, deletes: [] });
    await store.swapIn('profiles', version);
    const first = await store.find('profiles', { filter: { status: 'active' }, sort: [{ field: 'acquiredAt', direction: 'asc' }], limit: 5 });
    expect(first.items.map((doc) => doc._id)).toEqual(['c-00000', 'c-00050', 'c-00100', 'c-00150', 'c-00200']);
    await store.close();

    const table = `rm_profiles__v${version}`;
    const compound = new RegExp(`SEARCH ${table} USING INDEX "?rm_profiles__v${version}__status\\+acquiredAt`);
    // The adapter's query shapes: first page, and a later page with the keyset cursor and its seek bound.
    const firstPage = await planOf(file, table, `WHERE ${status} = ? ORDER BY ${acquiredAt} ASC, id ASC LIMIT 51`, 'active');
    expect(firstPage).toMatch(compound);
    expect(firstPage).not.toMatch(/TEMP B-TREE/);
    const laterPage = await planOf(
      file,
      table,
      `WHERE ${status} = ? AND ((${acquiredAt} > ?) OR (${acquiredAt} = ? AND id > ?)) AND ${acquiredAt} >= ? ORDER BY ${acquiredAt} ASC, id ASC LIMIT 51`,
      'active',
      '2020-02-01T00:00:00.000Z',
      '2020-02-01T00:00:00.000Z',
      'c-00744',
      '2020-02-01T00:00:00.000Z',
    );
    expect(laterPage).toMatch(compound);
    expect(laterPage).toMatch(/>\?/); // a range seek on the date, not a walk from the first page
    expect(laterPage).not.toMatch(/TEMP B-TREE/);
  });

  it('adds the compound index to an existing analysed collection (an upgraded API on an old read.db), and the planner takes it at once', async () => {
    const file = join(dir, 'upgraded.db');
    const before = [{ field: 'status' }, { field: 'acquiredAt' }];
    const old = SqliteReadModelStore.open(file);
    await old.ensureCollection('profiles', before);
    const version = await old.beginRebuild('profiles', before);
    await old.commitBatch('profiles', { version, checkpoint: 9, upserts: profiles, deletes: [] });
    await old.swapIn('profiles', version);
    await old.close();

    const upgraded = SqliteReadModelStore.open(file);
    await upgraded.ensureCollection('profiles', profileIndexes);
    expect((await upgraded.status()).collections[0]).toMatchObject({ documents: 3000, checkpoint: 9, indexes: ['status', 'acquiredAt', 'status,acquiredAt'] });
    await upgraded.close();

    const table = `rm_profiles__v${version}`;
    const plan = await planOf(file, table, `WHERE ${status} = ? ORDER BY ${acquiredAt} ASC, id ASC LIMIT 51`, 'active');
    expect(plan).toMatch(new RegExp(`USING INDEX "?rm_profiles__v${version}__status\\+acquiredAt`));
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
