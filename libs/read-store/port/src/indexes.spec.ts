import { indexLabels, unusableFieldReason } from './indexes';
import { normaliseFindQuery } from './query';
import { ReadStoreQueryError } from './read-model-store';

describe('index labels', () => {
  it('labels single and compound indexes by their fields in order, once each', () => {
    expect(indexLabels([{ field: 'status' }, { field: 'status', then: ['acquiredAt'] }, { field: 'status', then: [] }, { field: 'a.b', then: ['c', 'd'] }])).toEqual([
      'status',
      'status,acquiredAt',
      'a.b,c,d',
    ]);
  });

  it('refuses bad fields, repeats, a declared _id and a "then" that is not an array', () => {
    expect(() => indexLabels([{ field: 'status', then: ['a,b'] }])).toThrow(ReadStoreQueryError);
    expect(() => indexLabels([{ field: 'a', then: ['b', 'a'] }])).toThrow(/names a field twice/);
    expect(() => indexLabels([{ field: 'a', then: ['_id'] }])).toThrow(/_id/);
    expect(() => indexLabels([{ field: 'a', then: 'b' as never }])).toThrow(/must be an array/);
    expect(() => indexLabels([{ field: 'a', then: ['b', 'a'] }])).toThrow('index a, b, a names a field twice');
  });

  it('refuses a declaration that is not an array of index objects (from untyped configuration)', () => {
    expect(() => indexLabels([null as never])).toThrow('an index must be an object such as {field: "status"}');
    expect(() => indexLabels(['status' as never])).toThrow('an index must be an object such as {field: "status"}');
    expect(() => indexLabels({ field: 'status' } as never)).toThrow('indexes must be an array');
  });
});

describe('which fields a query may use', () => {
  const labels = ['segment', 'status,acquiredAt', 'a,b,c'];

  it('allows _id, any first field, and a later field once every field before it is pinned by equality', () => {
    expect(unusableFieldReason('_id', labels, new Set())).toBeUndefined();
    expect(unusableFieldReason('status', labels, new Set())).toBeUndefined();
    expect(unusableFieldReason('acquiredAt', labels, new Set(['status']))).toBeUndefined();
    expect(unusableFieldReason('c', labels, new Set(['a', 'b']))).toBeUndefined();
    expect(unusableFieldReason('c', labels, new Set(['a']))).toBe('it is indexed only after "b": add an equality filter on "b"');
    expect(unusableFieldReason('acquiredAt', labels, new Set())).toMatch(/indexed only after "status"/);
    expect(unusableFieldReason('note', labels, new Set(['status']))).toBe('it is not an indexed field of this collection');
    // Every field still missing, and every index that could serve, is named.
    expect(unusableFieldReason('c', labels, new Set())).toBe('it is indexed only after "a" and "b": add an equality filter on "a" and "b"');
    expect(unusableFieldReason('f', ['x,f', 'y,f'], new Set())).toBe('it is indexed only after "x" or after "y": add an equality filter on "x"');
  });

  it('counts a scalar or $eq as equality, not $in or a range', () => {
    const sort = [{ field: 'acquiredAt', direction: 'asc' as const }];
    expect(normaliseFindQuery({ filter: { status: 'active' }, sort }, labels).sort.map((key) => key.field)).toEqual(['acquiredAt', '_id']);
    expect(normaliseFindQuery({ filter: { status: { $eq: null } }, sort }, labels).conditions).toHaveLength(1);
    expect(() => normaliseFindQuery({ filter: { status: { $in: ['active'] } }, sort }, labels)).toThrow(/cannot sort on "acquiredAt"/);
    expect(() => normaliseFindQuery({ filter: { status: { $gte: 'a' } }, sort }, labels)).toThrow(ReadStoreQueryError);
    expect(() => normaliseFindQuery({ filter: { acquiredAt: { $gte: '2025' } } }, labels)).toThrow(/cannot filter on "acquiredAt"/);
  });
});
