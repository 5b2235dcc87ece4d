import { randomUUID } from 'node:crypto';
import { sortableMinorUnits } from '@lifeline/customers/domain';
import {
  type BatchCommit,
  CheckpointConflictError,
  ReadStoreQueryError,
  UnknownCollectionError,
  type ReadModelStore,
  type StoredDocument,
} from '../read-model-store';

/**
 * What every ReadModelStore adapter must do. Collection names are unique per test, so the
 * suite can run against a shared server (MongoDB) without cleaning up between tests.
 */
export function readModelStoreContract(adapterName: string, open: () => Promise<ReadModelStore>): void {
  describe(`ReadModelStore contract: ${adapterName}`, () => {
    let store: ReadModelStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    const unique = (label: string) => `t_${label}_${randomUUID().slice(0, 8)}`;
    const people = (count: number, of: (i: number) => Record<string, unknown>): StoredDocument[] =>
      Array.from({ length: count }, (_, i) => ({ _id: `p-${String(i).padStart(3, '0')}`, ...of(i) }));

    async function collectionWith(label: string, docs: StoredDocument[], indexes = ['status', 'score', 'joinedAt', 'profile.segment']): Promise<string> {
      const name = unique(label);
      await store.ensureCollection(name, indexes.map((field) => ({ field })));
      await store.commitBatch(name, { checkpoint: 1, upserts: docs, deletes: [] });
      return name;
    }

    async function allPages(name: string, query: Parameters<ReadModelStore['find']>[1], pageSize: number): Promise<string[]> {
      const ids: string[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < 1000; pages++) {
        const page = await store.find(name, { ...query, limit: pageSize, after });
        ids.push(...page.items.map((doc) => doc._id));
        if (!page.nextCursor) return ids;
        after = page.nextCursor;
      }
      throw new Error('pagination did not end');
    }

    describe('documents and checkpoints', () => {
      it('starts a new collection empty at checkpoint 0, and ensuring it again keeps its data', async () => {
        const name = unique('new');
        await store.ensureCollection(name, [{ field: 'status' }]);
        expect((await store.getCheckpoint(name)).position).toBe(0);
        expect(await store.count(name)).toBe(0);
        await store.commitBatch(name, { checkpoint: 3, upserts: [{ _id: 'a', status: 'active' }], deletes: [] });
        await store.ensureCollection(name, [{ field: 'status' }, { field: 'score' }]);
        expect(await store.get(name, 'a')).toEqual({ _id: 'a', status: 'active' });
        expect((await store.getCheckpoint(name)).position).toBe(3);
        // the index added by the second ensure is usable
        expect(await store.count(name, { score: { $gte: 0 } })).toBe(0);
      });

      it('commits documents and the checkpoint together; get and getMany return what exists', async () => {
        const name = unique('commit');
        await store.ensureCollection(name, []);
        await store.commitBatch(name, {
          checkpoint: 10,
          upserts: [
            { _id: 'a', name: 'Ada', tags: ['x'], nested: { n: 1 } },
            { _id: 'b', name: 'Bo' },
          ],
          deletes: [],
        });
        expect(await store.get(name, 'a')).toEqual({ _id: 'a', name: 'Ada', tags: ['x'], nested: { n: 1 } });
        expect(await store.get(name, 'missing')).toBeUndefined();
        const many = await store.getMany(name, ['b', 'missing', 'a']);
        expect(many.map((doc) => doc._id).sort()).toEqual(['a', 'b']);
        expect(await store.getCheckpoint(name)).toMatchObject({ collection: name, live: true, position: 10 });

        await store.commitBatch(name, { checkpoint: 12, upserts: [{ _id: 'a', name: 'Ada L.' }], deletes: ['b'] });
        expect(await store.get(name, 'a')).toEqual({ _id: 'a', name: 'Ada L.' });
        expect(await store.get(name, 'b')).toBeUndefined();
        expect((await store.getCheckpoint(name)).position).toBe(12);
      });

      it('writes nothing, documents nor checkpoint, when a batch is refused', async () => {
        const name = unique('refused');
        await store.ensureCollection(name, []);
        await store.commitBatch(name, { checkpoint: 5, upserts: [{ _id: 'a', v: 1 }], deletes: [] });

        const bad = { _id: '', v: 3 } as StoredDocument;
        await expect(store.commitBatch(name, { checkpoint: 6, upserts: [{ _id: 'a', v: 2 }, bad], deletes: [] })).rejects.toThrow(ReadStoreQueryError);
        await expect(store.commitBatch(name, { checkpoint: 6, upserts: [{ _id: 'a', v: 2 }], deletes: ['a'] })).rejects.toThrow(ReadStoreQueryError);
        await expect(store.commitBatch(name, { checkpoint: 4, upserts: [{ _id: 'a', v: 2 }], deletes: [] })).rejects.toThrow(CheckpointConflictError);
        await expect(store.commitBatch(name, { checkpoint: 9, expectedCheckpoint: 4, upserts: [{ _id: 'a', v: 2 }], deletes: [] })).rejects.toThrow(
          CheckpointConflictError,
        );

        expect(await store.get(name, 'a')).toEqual({ _id: 'a', v: 1 });
        expect((await store.getCheckpoint(name)).position).toBe(5);
        await store.commitBatch(name, { checkpoint: 9, expectedCheckpoint: 5, upserts: [{ _id: 'a', v: 2 }], deletes: [] });
        expect(await store.get(name, 'a')).toEqual({ _id: 'a', v: 2 });
      });

      it('says what is wrong with a refused batch, and accepts a checkpoint of 0 or one equal to the stored one', async () => {
        const name = unique('batchrules');
        await store.ensureCollection(name, []);
        const refused = (batch: Partial<BatchCommit>) => store.commitBatch(name, { checkpoint: 1, upserts: [], deletes: [], ...batch } as BatchCommit);
        await expect(refused({ checkpoint: -1 })).rejects.toThrow('checkpoint must be a whole number >= 0 (got -1)');
        await expect(refused({ checkpoint: 1.5 })).rejects.toThrow('checkpoint must be a whole number >= 0 (got 1.5)');
        await expect(refused({ deletes: [''] })).rejects.toThrow('deletes must be non-empty string ids');
        await expect(refused({ deletes: [42 as unknown as string] })).rejects.toThrow('deletes must be non-empty string ids');
        await expect(refused({ upserts: [{ _id: 'a' }, { _id: 'a' }] })).rejects.toThrow('document a appears twice in one batch');
        await store.commitBatch(name, { checkpoint: 0, upserts: [{ _id: 'a', v: 0 }], deletes: [] });
        await store.commitBatch(name, { checkpoint: 3, upserts: [{ _id: 'a', v: 1 }], deletes: [] });
        // A batch that adds documents without moving the checkpoint (same position) is allowed.
        await store.commitBatch(name, { checkpoint: 3, upserts: [{ _id: 'b', v: 1 }], deletes: [] });
        expect((await store.getCheckpoint(name)).position).toBe(3);
        expect(await store.get(name, 'b')).toEqual({ _id: 'b', v: 1 });
      });

      it('refuses unknown collections and malformed names clearly', async () => {
        await expect(store.get(unique('never'), 'a')).rejects.toThrow(UnknownCollectionError);
        await expect(store.commitBatch(unique('never'), { checkpoint: 1, upserts: [], deletes: [] })).rejects.toThrow(UnknownCollectionError);
        // An expected checkpoint on a collection that never existed is still "unknown collection", not a conflict.
        await expect(store.commitBatch(unique('never'), { checkpoint: 1, expectedCheckpoint: 0, upserts: [], deletes: [] })).rejects.toThrow(UnknownCollectionError);
        await expect(store.ensureCollection('bad name; drop', [])).rejects.toThrow(ReadStoreQueryError);
        await expect(store.ensureCollection(unique('badindex'), [{ field: "x') --" }])).rejects.toThrow(ReadStoreQueryError);
      });
    });

    describe('find', () => {
      const statuses = ['active', 'churned', 'active', 'prospect'];
      const docs = people(40, (i) => ({ status: statuses[i % 4], score: i % 7, joinedAt: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`, profile: { segment: i % 2 ? 'smb' : 'ent' }, note: 'x' }));

      it('filters by equality, range and $in on indexed fields, including nested ones', async () => {
        const name = await collectionWith('filter', docs);
        const ids = async (filter: object) => (await allPages(name, { filter: filter as never }, 100)).sort();
        const expected = (predicate: (doc: StoredDocument) => boolean) => docs.filter(predicate).map((doc) => doc._id).sort();

        expect(await ids({ status: 'churned' })).toEqual(expected((d) => d.status === 'churned'));
        expect(await ids({ score: { $gte: 2, $lt: 5 } })).toEqual(expected((d) => (d.score as number) >= 2 && (d.score as number) < 5));
        expect(await ids({ score: { $gt: 5 }, status: { $in: ['active', 'prospect'] } })).toEqual(
          expected((d) => (d.score as number) > 5 && ['active', 'prospect'].includes(d.status as string)),
        );
        expect(await ids({ joinedAt: { $lte: '2025-01-03' } })).toEqual(expected((d) => (d.joinedAt as string) <= '2025-01-03'));
        expect(await ids({ 'profile.segment': 'smb', status: { $eq: 'active' } })).toEqual(
          expected((d) => (d.profile as { segment: string }).segment === 'smb' && d.status === 'active'),
        );
        expect(await ids({ _id: { $in: ['p-001', 'p-039', 'nope'] } })).toEqual(['p-001', 'p-039']);
        expect(await ids({ status: { $in: [] } })).toEqual([]);
        expect(await store.count(name, { status: 'active' })).toBe(docs.filter((d) => d.status === 'active').length);
        expect(await store.count(name)).toBe(40);
      });

      it('filters by an $in list longer than any statement parameter limit, with other conditions, sort and paging', async () => {
        const name = await collectionWith('longin', docs);
        // 40,000 ids (SQLite allows 32,766 variables per statement): a large RFM segment's members.
        const wanted = [...Array.from({ length: 40_000 }, (_, i) => `absent-${i}`), 'p-001', 'p-002', 'p-005', 'p-009', 'p-010', 'p-013', 'p-017'];
        const churned = await allPages(name, { filter: { _id: { $in: wanted }, status: 'churned' }, sort: [{ field: '_id', direction: 'desc' }] }, 2);
        expect(churned).toEqual(['p-017', 'p-013', 'p-009', 'p-005', 'p-001']);
        expect(await store.count(name, { _id: { $in: wanted } })).toBe(7);
      });

      it('filters by $in on a nested field many documents lack, with equality on another, sorted and paged (the consent filter of the customer list)', async () => {
        const sets = ['email', 'email+post', 'phone', undefined, 'email+phone+sms+post', undefined, 'post'];
        const reachable = people(40, (i) => ({
          status: statuses[i % 4],
          score: i % 7,
          ...(sets[i % 7] !== undefined && { consentedChannels: { marketing: sets[i % 7] } }),
        }));
        const name = await collectionWith('nestedin', reachable, ['status', 'score', 'consentedChannels.marketing']);
        const byEmail = ['email', 'email+post', 'email+phone+sms+post', 'email+phone'];
        const expected = reachable
          .filter((d) => d.status === 'active' && byEmail.includes((d.consentedChannels as { marketing?: string } | undefined)?.marketing ?? ''))
          .sort((a, b) => (b.score as number) - (a.score as number) || b._id.localeCompare(a._id))
          .map((d) => d._id);
        expect(expected.length).toBeGreaterThan(3);
        const filter = { 'consentedChannels.marketing': { $in: byEmail }, status: 'active' };
        expect(await allPages(name, { filter, sort: [{ field: 'score', direction: 'desc' }] }, 3)).toEqual(expected);
        expect(await store.count(name, { 'consentedChannels.marketing': { $in: ['post', 'email+post'] } })).toBe(reachable.filter((d) => [1, 6].includes(Number(d._id.slice(2)) % 7)).length);
      });

      it('matches booleans and missing fields (as null) by equality', async () => {
        const name = await collectionWith('bool', [
          { _id: 'a', status: true },
          { _id: 'b', status: false },
          { _id: 'c' },
          { _id: 'd', status: null },
        ]);
        expect((await store.find(name, { filter: { status: true } })).items.map((d) => d._id)).toEqual(['a']);
        expect((await store.find(name, { filter: { status: false } })).items.map((d) => d._id)).toEqual(['b']);
        expect((await store.find(name, { filter: { status: null } })).items.map((d) => d._id).sort()).toEqual(['c', 'd']);
      });

      it('refuses filters and sorts on fields that are not indexed, unknown operators and bad limits', async () => {
        const name = await collectionWith('refuse', docs.slice(0, 3));
        await expect(store.find(name, { filter: { note: 'x' } })).rejects.toThrow(/not an indexed field/);
        await expect(store.find(name, { sort: [{ field: 'note', direction: 'asc' }] })).rejects.toThrow(/not an indexed field/);
        await expect(store.find(name, { filter: { score: { $regex: 'x' } as never } })).rejects.toThrow(/unknown operator/);
        await expect(store.find(name, { filter: { score: { $gt: { a: 1 } } as never } })).rejects.toThrow(ReadStoreQueryError);
        await expect(store.find(name, { limit: 0 })).rejects.toThrow(/limit/);
        await expect(store.find(name, { limit: 1_000_000 })).rejects.toThrow(/limit/);
        await expect(store.count(name, { note: 'x' })).rejects.toThrow(ReadStoreQueryError);
      });

      it('sorts by the keys asked for, ties broken by _id in the direction of the last key, across pages without repeats or gaps', async () => {
        const name = await collectionWith('sort', docs);
        const byScoreDescThenJoined = [...docs].sort(
          (a, b) =>
            (b.score as number) - (a.score as number) ||
            (a.joinedAt as string).localeCompare(b.joinedAt as string) ||
            a._id.localeCompare(b._id),
        );
        for (const pageSize of [1, 3, 7, 40, 100]) {
          const ids = await allPages(
            name,
            {
              sort: [
                { field: 'score', direction: 'desc' },
                { field: 'joinedAt', direction: 'asc' },
              ],
            },
            pageSize,
          );
          expect(ids).toEqual(byScoreDescThenJoined.map((d) => d._id));
        }
        const filtered = await allPages(name, { filter: { status: 'active' }, sort: [{ field: 'joinedAt', direction: 'desc' }] }, 4);
        expect(filtered).toEqual(
          docs
            .filter((d) => d.status === 'active')
            .sort((a, b) => (b.joinedAt as string).localeCompare(a.joinedAt as string) || b._id.localeCompare(a._id))
            .map((d) => d._id),
        );
      });

      it('sorts, pages and range-filters exact money sums stored as fixed-width decimal strings, also past where doubles tie', async () => {
        // As profiles store revenueTotalMinor: 2^53 + 1 and 2^53 are one double, 10^25 is no number at all.
        const sums = [2n ** 53n + 1n, 0n, 2n ** 53n, 1999n, 10n ** 25n, 2n ** 53n + 2n, 99_999_999_999n];
        const name = await collectionWith(
          'money',
          sums.map((sum, i) => ({ _id: `m-${9 - i}`, total: sortableMinorUnits(sum) })),
          ['total'],
        );
        const ascending = sums
          .map((sum, i) => [sum, `m-${9 - i}`] as const)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([, id]) => id);
        for (const pageSize of [1, 2, 10]) {
          expect(await allPages(name, { sort: [{ field: 'total', direction: 'asc' }] }, pageSize)).toEqual(ascending);
          expect(await allPages(name, { sort: [{ field: 'total', direction: 'desc' }] }, pageSize)).toEqual([...ascending].reverse());
        }
        const atLeast2p53 = await allPages(name, { filter: { total: { $gte: sortableMinorUnits(2n ** 53n), $lt: sortableMinorUnits(2n ** 53n + 2n) } }, sort: [{ field: 'total', direction: 'asc' }] }, 10);
        expect(atLeast2p53).toEqual(['m-7', 'm-9']);
        expect((await store.get(name, 'm-5'))?.total).toBe('000010000000000000000000000000');
      });

      it('pages through documents missing the sort field: first ascending, last descending', async () => {
        const name = await collectionWith('nulls', [
          { _id: 'a', score: 2 },
          { _id: 'b' },
          { _id: 'c', score: 1 },
          { _id: 'd' },
          { _id: 'e', score: 2 },
        ]);
        expect(await allPages(name, { sort: [{ field: 'score', direction: 'asc' }] }, 2)).toEqual(['b', 'd', 'c', 'a', 'e']);
        expect(await allPages(name, { sort: [{ field: 'score', direction: 'desc' }] }, 2)).toEqual(['e', 'a', 'c', 'd', 'b']);
      });

      it('keeps a cursor exact while documents are inserted between pages', async () => {
        const name = await collectionWith('stable', docs);
        const sort = [{ field: 'joinedAt', direction: 'asc' as const }];
        const first = await store.find(name, { sort, limit: 10 });
        // New documents both before and after the cursor position, with tying sort values.
        await store.commitBatch(name, {
          checkpoint: 2,
          upserts: [
            { _id: 'new-early', joinedAt: '2025-01-01' },
            { _id: 'a-tie-before', joinedAt: first.items[9].joinedAt },
            { _id: 'zz-tie-after', joinedAt: first.items[9].joinedAt },
            { _id: 'new-late', joinedAt: '2025-12-31' },
          ],
          deletes: [],
        });
        const rest: string[] = [];
        let after = first.nextCursor;
        while (after) {
          const page = await store.find(name, { sort, limit: 10, after });
          rest.push(...page.items.map((d) => d._id));
          after = page.nextCursor;
        }
        const firstIds = first.items.map((d) => d._id);
        const original = docs.map((d) => d._id);
        expect(rest.filter((id) => firstIds.includes(id))).toEqual([]);
        expect([...firstIds, ...rest.filter((id) => original.includes(id))].sort()).toEqual(original.sort());
        expect(rest).toEqual(expect.arrayContaining(['zz-tie-after', 'new-late']));
        expect(rest).not.toEqual(expect.arrayContaining(['new-early']));
        expect(rest).not.toEqual(expect.arrayContaining(['a-tie-before']));
      });

      it('refuses a cursor from another sort order or one it did not issue', async () => {
        const name = await collectionWith('cursor', docs);
        const page = await store.find(name, { sort: [{ field: 'score', direction: 'asc' }], limit: 5 });
        expect(page.nextCursor).toEqual(expect.any(String));
        await expect(store.find(name, { sort: [{ field: 'score', direction: 'desc' }], after: page.nextCursor })).rejects.toThrow(/another sort/);
        await expect(store.find(name, { after: 'not-a-cursor' })).rejects.toThrow(ReadStoreQueryError);
        const last = await store.find(name, { limit: 40 });
        expect(last.items).toHaveLength(40);
        expect(last.nextCursor).toBeUndefined();
      });
    });

    describe('compound indexes', () => {
      // Ties on joinedAt (28 days over 60 people) and a missing joinedAt make the _id tie-break and null order matter.
      const statuses = ['active', 'churned', 'active', 'prospect'];
      const docs = people(60, (i) => ({
        status: statuses[i % 4],
        ...(i % 11 === 5 ? {} : { joinedAt: `2025-01-${String(((i * 7) % 28) + 1).padStart(2, '0')}` }),
        score: (i * 13) % 9,
      }));
      const compound = [
        { field: 'status', then: ['joinedAt'] },
        { field: 'status', then: ['score'] },
      ];
      const joined = (doc: StoredDocument) => (doc.joinedAt as string | undefined) ?? null;
      const ascNullsFirst = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a.localeCompare(b));

      async function compoundCollection(label: string): Promise<string> {
        const name = unique(label);
        await store.ensureCollection(name, compound);
        await store.commitBatch(name, { checkpoint: 1, upserts: docs, deletes: [] });
        return name;
      }

      it('filters on the first field and sorts on the second, across pages in order without repeats or gaps', async () => {
        const name = await compoundCollection('compound');
        const active = docs.filter((d) => d.status === 'active');
        for (const pageSize of [1, 4, 7, 50]) {
          expect(await allPages(name, { filter: { status: 'active' }, sort: [{ field: 'joinedAt', direction: 'asc' }] }, pageSize)).toEqual(
            [...active].sort((a, b) => ascNullsFirst(joined(a), joined(b)) || a._id.localeCompare(b._id)).map((d) => d._id),
          );
          expect(await allPages(name, { filter: { status: 'active' }, sort: [{ field: 'joinedAt', direction: 'desc' }] }, pageSize)).toEqual(
            [...active].sort((a, b) => ascNullsFirst(joined(b), joined(a)) || b._id.localeCompare(a._id)).map((d) => d._id),
          );
        }
        expect(
          await allPages(name, { filter: { status: { $eq: 'churned' }, joinedAt: { $gte: '2025-01-10', $lt: '2025-01-20' } }, sort: [{ field: 'joinedAt', direction: 'asc' }] }, 3),
        ).toEqual(
          docs
            .filter((d) => d.status === 'churned' && joined(d) !== null && joined(d)! >= '2025-01-10' && joined(d)! < '2025-01-20')
            .sort((a, b) => ascNullsFirst(joined(a), joined(b)) || a._id.localeCompare(b._id))
            .map((d) => d._id),
        );
        expect(await allPages(name, { filter: { status: 'prospect' }, sort: [{ field: 'score', direction: 'desc' }] }, 2)).toEqual(
          docs
            .filter((d) => d.status === 'prospect')
            .sort((a, b) => (b.score as number) - (a.score as number) || b._id.localeCompare(a._id))
            .map((d) => d._id),
        );
      });

      it('serves the first field alone, and refuses a later field without equality on the ones before it', async () => {
        const name = await compoundCollection('compoundrefuse');
        expect(await store.count(name, { status: 'churned' })).toBe(docs.filter((d) => d.status === 'churned').length);
        expect((await allPages(name, { sort: [{ field: 'status', direction: 'asc' }] }, 25)).length).toBe(60);
        await expect(store.find(name, { sort: [{ field: 'joinedAt', direction: 'asc' }] })).rejects.toThrow(/indexed only after "status"/);
        await expect(store.find(name, { filter: { status: { $in: ['active'] } }, sort: [{ field: 'joinedAt', direction: 'asc' }] })).rejects.toThrow(
          ReadStoreQueryError,
        );
        await expect(store.count(name, { joinedAt: '2025-01-02' })).rejects.toThrow(/indexed only after "status"/);
        await expect(store.ensureCollection(unique('badcompound'), [{ field: 'status', then: ['status'] }])).rejects.toThrow(/twice/);
        await expect(store.ensureCollection(unique('badcompound'), [{ field: 'status', then: ['_id'] }])).rejects.toThrow(ReadStoreQueryError);
      });

      it('adds a compound index to an existing collection, keeping its documents, and lists it in the status', async () => {
        const name = unique('compoundlater');
        await store.ensureCollection(name, [{ field: 'status' }]);
        await store.commitBatch(name, { checkpoint: 4, upserts: docs, deletes: [] });
        await expect(store.find(name, { filter: { status: 'active' }, sort: [{ field: 'joinedAt', direction: 'asc' }] })).rejects.toThrow(ReadStoreQueryError);
        await store.ensureCollection(name, [{ field: 'status' }, ...compound]);
        expect((await store.getCheckpoint(name)).position).toBe(4);
        const page = await store.find(name, { filter: { status: 'active' }, sort: [{ field: 'joinedAt', direction: 'asc' }], limit: 3 });
        expect(page.items.map((d) => d._id)).toEqual(
          docs
            .filter((d) => d.status === 'active')
            .sort((a, b) => ascNullsFirst(joined(a), joined(b)) || a._id.localeCompare(b._id))
            .slice(0, 3)
            .map((d) => d._id),
        );
        const listed = (await store.status()).collections.find((c) => c.name === name);
        expect(listed?.indexes).toEqual(['status', 'status,joinedAt', 'status,score']);
        // a rebuild version gets the compound indexes too
        const version = await store.beginRebuild(name, compound);
        await store.commitBatch(name, { version, checkpoint: 4, upserts: docs, deletes: [] });
        await store.swapIn(name, version);
        expect((await store.find(name, { filter: { status: 'churned' }, sort: [{ field: 'score', direction: 'asc' }] })).items.length).toBe(15);
      });
    });

    describe('scan', () => {
      it('yields every matching document once, across batches', async () => {
        const docs = people(23, (i) => ({ status: i % 3 === 0 ? 'churned' : 'active' }));
        const name = await collectionWith('scan', docs);
        const seen: string[] = [];
        for await (const doc of store.scan(name, { batchSize: 5 })) seen.push(doc._id);
        expect(seen.sort()).toEqual(docs.map((d) => d._id).sort());
        const churned: string[] = [];
        for await (const doc of store.scan(name, { filter: { status: 'churned' }, batchSize: 2 })) churned.push(doc._id);
        expect(churned.sort()).toEqual(docs.filter((d) => d.status === 'churned').map((d) => d._id).sort());
      });
    });

    describe('rebuild into a new version', () => {
      it('keeps serving the live version while a rebuild writes next to it, then swaps atomically', async () => {
        const name = unique('rebuild');
        await store.ensureCollection(name, [{ field: 'status' }]);
        await store.commitBatch(name, { checkpoint: 7, upserts: [{ _id: 'old', status: 'active' }], deletes: [] });
        const liveVersion = (await store.getCheckpoint(name)).version;

        const version = await store.beginRebuild(name, [{ field: 'status' }, { field: 'score' }]);
        expect(version).not.toBe(liveVersion);
        expect(await store.getCheckpoint(name, { version })).toMatchObject({ version, live: false, position: 0 });
        await store.commitBatch(name, { version, checkpoint: 4, expectedCheckpoint: 0, upserts: [{ _id: 'new', status: 'active', score: 3 }], deletes: [] });

        // live is untouched and still written to by the live projector
        expect(await store.get(name, 'new')).toBeUndefined();
        expect(await store.get(name, 'new', { version })).toEqual({ _id: 'new', status: 'active', score: 3 });
        await store.commitBatch(name, { checkpoint: 8, expectedCheckpoint: 7, upserts: [{ _id: 'old2', status: 'active' }], deletes: [] });
        expect(await store.count(name, { status: 'active' })).toBe(2);
        expect((await store.getCheckpoint(name)).position).toBe(8);

        // an interrupted rebuild resumes: the same version, its own checkpoint
        expect(await store.beginRebuild(name, [{ field: 'status' }, { field: 'score' }])).toBe(version);
        expect((await store.getCheckpoint(name, { version })).position).toBe(4);
        const checkpoints = await store.listCheckpoints();
        expect(checkpoints.filter((c) => c.collection === name).map((c) => [c.version, c.live, c.position])).toEqual(
          expect.arrayContaining([
            [liveVersion, true, 8],
            [version, false, 4],
          ]),
        );
        const during = (await store.status()).collections.find((c) => c.name === name);
        expect(during).toMatchObject({ liveVersion, documents: 2, checkpoint: 8, rebuild: { version, checkpoint: 4, documents: 1 } });

        await store.swapIn(name, version);
        expect(await store.get(name, 'old')).toBeUndefined();
        expect(await store.get(name, 'new')).toEqual({ _id: 'new', status: 'active', score: 3 });
        expect(await store.getCheckpoint(name)).toMatchObject({ version, live: true, position: 4 });
        expect(await store.count(name, { score: 3 })).toBe(1); // the rebuild's new index serves queries
        await store.swapIn(name, version); // a retried swap is harmless
        expect((await store.listCheckpoints()).filter((c) => c.collection === name).map((c) => c.version)).toEqual([version]);
        const after = (await store.status()).collections.find((c) => c.name === name);
        expect(after).toMatchObject({ liveVersion: version, documents: 1, checkpoint: 4 });
        expect(after?.rebuild).toBeUndefined();

        // the old live writer learns it lost: its version is gone
        await expect(store.commitBatch(name, { version: liveVersion, expectedCheckpoint: 8, checkpoint: 9, upserts: [], deletes: [] })).rejects.toThrow(
          CheckpointConflictError,
        );
        await expect(store.commitBatch(name, { version: liveVersion, expectedCheckpoint: 8, checkpoint: 9, upserts: [], deletes: [] })).rejects.toMatchObject({
          actual: 'version_gone',
        });
        // without an expected checkpoint, a write to a dropped version is to an unknown collection version
        await expect(store.commitBatch(name, { version: liveVersion, checkpoint: 9, upserts: [], deletes: [] })).rejects.toThrow(UnknownCollectionError);
        // ... also when it first reads its next batch's documents (the runtime then reloads)
        await expect(store.getMany(name, ['old'], { version: liveVersion })).rejects.toThrow(UnknownCollectionError);
      });

      it('aborting a rebuild drops it and leaves the live version as it was', async () => {
        const name = unique('abort');
        await store.ensureCollection(name, []);
        await store.commitBatch(name, { checkpoint: 3, upserts: [{ _id: 'a', v: 1 }], deletes: [] });
        const version = await store.beginRebuild(name, []);
        await store.commitBatch(name, { version, checkpoint: 3, upserts: [{ _id: 'a', v: 99 }], deletes: [] });
        await store.abortRebuild(name);
        expect(await store.get(name, 'a')).toEqual({ _id: 'a', v: 1 });
        await expect(store.getCheckpoint(name, { version })).rejects.toThrow(UnknownCollectionError);
        const next = await store.beginRebuild(name, []);
        expect((await store.getCheckpoint(name, { version: next })).position).toBe(0);
        expect(await store.get(name, 'a', { version: next })).toBeUndefined();
      });
    });
  });
}
