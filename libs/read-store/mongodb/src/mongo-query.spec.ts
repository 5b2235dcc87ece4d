import fc from 'fast-check';
import { normaliseFindQuery, ReadStoreQueryError, type FieldValue, type SortKey } from '@lifeline/read-store/port';
import {
  databaseNameOf,
  dataCollectionName,
  keysetAfter,
  mongoIndexKey,
  redactMongoUrl,
  toMongoFilter,
  toMongoSort,
  toStoredDocument,
  valueAt,
  versionOfDataCollection,
  type MongoFilter,
} from './mongo-query';

describe('collection naming', () => {
  it('names one data collection per read model and version, and reads the version back', () => {
    expect(dataCollectionName('customer-profiles', 3)).toBe('customer-profiles__v3');
    expect(versionOfDataCollection('customer-profiles', 'customer-profiles__v12')).toBe(12);
    expect(versionOfDataCollection('customer-profiles', 'customer-profiles-old__v1')).toBeUndefined();
    expect(versionOfDataCollection('customer-profiles', 'customer-profiles__v0')).toBeUndefined();
    expect(versionOfDataCollection('customer-profiles', 'customer-profiles__vx')).toBeUndefined();
    expect(versionOfDataCollection('t', 'timeline__v1')).toBeUndefined();
  });

  it('takes the database from the URL path, else lifeline; hides credentials in messages', () => {
    expect(databaseNameOf('mongodb://mongodb:27017/lifeline_prod?replicaSet=rs0')).toBe('lifeline_prod');
    expect(databaseNameOf('mongodb://a:1,b:2/x')).toBe('x');
    expect(databaseNameOf('mongodb://mongodb:27017/?replicaSet=rs0')).toBe('lifeline');
    expect(databaseNameOf('mongodb+srv://cluster.example.net')).toBe('lifeline');
    expect(redactMongoUrl('mongodb://admin:s3cret@db:27017/x')).toBe('mongodb://***@db:27017/x');
    expect(redactMongoUrl('mongodb://db:27017/x')).toBe('mongodb://db:27017/x');
  });
});

describe('index keys', () => {
  it('keeps a single field as it was and ends a compound index with _id, the cursor tie-break', () => {
    expect(mongoIndexKey('status')).toEqual({ status: 1 });
    expect(Object.entries(mongoIndexKey('status,acquiredAt'))).toEqual([
      ['status', 1],
      ['acquiredAt', 1],
      ['_id', 1],
    ]);
    expect(Object.keys(mongoIndexKey('profile.segment,joinedAt'))).toEqual(['profile.segment', 'joinedAt', '_id']);
  });
});

describe('filters', () => {
  const indexed = new Set(['status', 'score', 'profile.segment']);
  const conditionsOf = (filter: object) => normaliseFindQuery({ filter: filter as never }, indexed).conditions;

  it('turns equality, ranges, $in and null into MongoDB operators, AND-ed', () => {
    expect(toMongoFilter([])).toEqual({});
    expect(toMongoFilter(conditionsOf({ status: 'active' }))).toEqual({ status: { $eq: 'active' } });
    expect(toMongoFilter(conditionsOf({ score: { $gte: 2, $lt: 5 }, 'profile.segment': null, _id: { $in: ['a', null] } }))).toEqual({
      $and: [{ score: { $gte: 2 } }, { score: { $lt: 5 } }, { 'profile.segment': { $eq: null } }, { _id: { $in: ['a', null] } }],
    });
    expect(toMongoFilter(conditionsOf({ status: true }), { _id: { $gt: 'p-9' } })).toEqual({ $and: [{ status: { $eq: true } }, { _id: { $gt: 'p-9' } }] });
  });

  it('sorts by the keys in order with their directions, ties by _id the way the last key goes', () => {
    const { sort } = normaliseFindQuery({ sort: [{ field: 'score', direction: 'desc' }] }, indexed);
    expect(Object.entries(toMongoSort(sort))).toEqual([
      ['score', -1],
      ['_id', -1],
    ]);
  });
});

describe('keyset after a cursor', () => {
  it('is "equal on earlier keys, beyond on this one", with null first ascending and last descending', () => {
    const sort: SortKey[] = [
      { field: 'score', direction: 'desc' },
      { field: 'joinedAt', direction: 'asc' },
      { field: '_id', direction: 'asc' },
    ];
    expect(keysetAfter(sort, [3, null, 'p-1'])).toEqual({
      $or: [
        { $or: [{ score: { $lt: 3 } }, { score: null }] },
        { $and: [{ score: 3 }, { joinedAt: { $ne: null } }] },
        { $and: [{ score: 3 }, { joinedAt: null }, { _id: { $gt: 'p-1' } }] },
      ],
    });
  });

  it('matches nothing after the last possible position, and refuses a cursor of the wrong length', () => {
    expect(keysetAfter([{ field: 'score', direction: 'desc' }], [null])).toEqual({ _id: { $in: [] } });
    expect(() => keysetAfter([{ field: '_id', direction: 'asc' }], [])).toThrow(ReadStoreQueryError);
  });

  // MongoDB's documented rules for what keysetAfter generates: a missing field equals null and
  // sorts below every number; $gt/$lt compare numbers with numbers only; $ne: null means present.
  type Doc = { _id: string; score?: number | null };
  const scoreOf = (doc: Doc) => doc.score ?? null;
  function matches(doc: Doc, filter: MongoFilter): boolean {
    return Object.entries(filter).every(([field, condition]) => {
      if (field === '$or') return (condition as MongoFilter[]).some((f) => matches(doc, f));
      if (field === '$and') return (condition as MongoFilter[]).every((f) => matches(doc, f));
      const value = field === '_id' ? doc._id : scoreOf(doc);
      if (condition === null || typeof condition !== 'object') return value === condition;
      const [[op, operand]] = Object.entries(condition as Record<string, unknown>) as [[string, FieldValue | FieldValue[]]];
      if (op === '$in') return (operand as FieldValue[]).includes(value);
      if (op === '$ne') return value !== operand;
      if (value === null || typeof value !== typeof operand) return false;
      return op === '$gt' ? (value as number) > (operand as number) : (value as number) < (operand as number);
    });
  }
  const compare = (a: Doc, b: Doc, direction: 'asc' | 'desc') => {
    const [x, y] = [scoreOf(a), scoreOf(b)];
    const byScore = x === y ? 0 : x === null ? -1 : y === null ? 1 : x - y;
    return (direction === 'asc' ? byScore : -byScore) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
  };

  it('pages through any documents in sort order without repeats or gaps', () => {
    const docs = fc.uniqueArray(
      fc.record({ _id: fc.string({ minLength: 1, maxLength: 3 }), score: fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }) }),
      { selector: (doc) => doc._id, maxLength: 25 },
    );
    fc.assert(
      fc.property(docs, fc.constantFrom<'asc' | 'desc'>('asc', 'desc'), fc.integer({ min: 1, max: 6 }), (all, direction, pageSize) => {
        const sort: SortKey[] = [
          { field: 'score', direction },
          { field: '_id', direction: 'asc' },
        ];
        const ordered = [...all].sort((a, b) => compare(a, b, direction));
        const paged: string[] = [];
        let after: FieldValue[] | undefined;
        for (;;) {
          const rest = after ? ordered.filter((doc) => matches(doc, keysetAfter(sort, after!))) : ordered;
          const page = rest.slice(0, pageSize);
          paged.push(...page.map((doc) => doc._id));
          if (rest.length <= pageSize) break;
          const last = page[page.length - 1]!;
          after = sort.map((key) => valueAt(last, key.field));
        }
        expect(paged).toEqual(ordered.map((doc) => doc._id));
      }),
    );
  });
});

describe('documents', () => {
  it('reads dotted paths as cursor values, null when missing or not a scalar', () => {
    const doc = { _id: 'a', profile: { segment: 'smb', tags: ['x'] }, score: 2, flag: false };
    expect(valueAt(doc, 'profile.segment')).toBe('smb');
    expect(valueAt(doc, 'score')).toBe(2);
    expect(valueAt(doc, 'flag')).toBe(false);
    expect(valueAt(doc, 'profile.missing')).toBeNull();
    expect(valueAt(doc, 'score.deeper')).toBeNull();
    expect(valueAt(doc, 'profile.tags')).toBeNull();
    expect(valueAt(doc, 'profile')).toBeNull();
  });

  it('stores what JSON keeps, as the SQLite adapter does', () => {
    const stored = toStoredDocument({ _id: 'a', at: new Date('2025-01-02T03:04:05.000Z'), gone: undefined, nested: { n: 1, gone: undefined }, list: [1, null] } as never);
    expect(stored).toEqual({ _id: 'a', at: '2025-01-02T03:04:05.000Z', nested: { n: 1 }, list: [1, null] });
    expect(Object.keys(stored)).not.toContain('gone');
  });

  it('refuses documents without a string _id or with $-fields', () => {
    expect(() => toStoredDocument({ _id: '' })).toThrow(/non-empty string _id/);
    expect(() => toStoredDocument({ _id: 7 } as never)).toThrow(/non-empty string _id/);
    expect(() => toStoredDocument({ _id: 'a', $set: 1 })).toThrow(/may not start with "\$"/);
    expect(() => toStoredDocument([] as never)).toThrow(/must be an object/);
  });
});
