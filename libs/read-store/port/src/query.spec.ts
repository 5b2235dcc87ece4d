import { encodeCursor, normaliseFilter, normaliseFindQuery } from './query';
import { MAX_PAGE_SIZE, ReadStoreQueryError } from './read-model-store';

// Every adapter refuses the same bad query with the same message: these are what an analyst
// sees in a 400 problem when a read-store query is wrong.
const indexes = ['status', 'score'];
const refused = (query: unknown, message: string) => {
  expect(() => normaliseFindQuery(query as never, indexes)).toThrow(ReadStoreQueryError);
  expect(() => normaliseFindQuery(query as never, indexes)).toThrow(message);
};

describe('normaliseFindQuery refuses bad input with a message naming it', () => {
  it.each<[string, unknown, string]>([
    ['a filter that is not an object', { filter: ['status'] }, 'filter must be an object of field conditions'],
    ['a null filter', { filter: null }, 'filter must be an object of field conditions'],
    ['a filter that is a number (it has no entries to check)', { filter: 5 }, 'filter must be an object of field conditions'],
    ['a filter on a field with an empty name', { filter: { '': 1 } }, 'field must be a dotted path of identifiers'],
    ['a condition that is an array', { filter: { status: ['active'] } }, 'filter on "status" must be a string, number, boolean, null or an operator object'],
    ['a condition that is a non-finite number', { filter: { score: Number.NaN } }, 'filter on "score" must be a string, number, boolean, null or an operator object'],
    ['an operator object without operators', { filter: { status: {} } }, 'filter on "status" has no operator'],
    ['an unknown operator', { filter: { status: { $ne: 'x' } } }, 'unknown operator $ne on "status" (use $eq, $gt, $gte, $lt, $lte, $in)'],
    ['$in without an array', { filter: { status: { $in: 'active' } } }, '$in on "status" needs an array of scalars'],
    ['$in with a non-scalar', { filter: { status: { $in: ['a', {}] } } }, '$in on "status" needs an array of scalars'],
    ['$eq with an object', { filter: { status: { $eq: {} } } }, '$eq on "status" needs a scalar'],
    ['a range on a boolean', { filter: { score: { $gt: true } } }, '$gt on "score" needs a string or a finite number'],
    ['a range on infinity', { filter: { score: { $lt: Number.POSITIVE_INFINITY } } }, '$lt on "score" needs a string or a finite number'],
    ['a sort direction that is neither asc nor desc', { sort: [{ field: 'score', direction: 'up' }] }, 'sort direction of "score" must be asc or desc'],
    ['a sort key that is missing (from code, not JSON)', { sort: [undefined] }, 'field must be a dotted path of identifiers'],
    ['a sort naming a field twice', { sort: [{ field: 'score', direction: 'asc' }, { field: 'score', direction: 'desc' }] }, 'sort names "score" twice'],
    ['a limit over the maximum', { limit: MAX_PAGE_SIZE + 1 }, `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`],
    ['a cursor that is not base64 JSON', { after: 'not-a-cursor' }, 'cursor is not one this store issued'],
    ['a cursor of another shape', { after: Buffer.from(JSON.stringify({ s: '_id:asc', v: 'x' })).toString('base64url') }, 'cursor is not one this store issued'],
    ['a cursor with a non-scalar value', { after: Buffer.from(JSON.stringify({ s: '_id:asc', v: [{}] })).toString('base64url') }, 'cursor is not one this store issued'],
    ['a cursor with too many values', { after: encodeCursor([{ field: '_id', direction: 'asc' }], ['a', 'b']) }, 'cursor is not one this store issued'],
    ['a cursor that is JSON null', { after: Buffer.from('null').toString('base64url') }, 'cursor is not one this store issued'],
    [
      'a cursor with one good and one non-scalar value',
      { sort: [{ field: 'score', direction: 'asc' }], after: Buffer.from(JSON.stringify({ s: 'score:asc,_id:asc', v: [1, {}] })).toString('base64url') },
      'cursor is not one this store issued',
    ],
    ['an undefined condition (from code, not JSON)', { filter: { status: undefined } }, 'filter on "status" must be a string, number, boolean, null or an operator object'],
  ])('refuses %s', (_name, query, message) => refused(query, message));
});

describe('normaliseFindQuery', () => {
  it('accepts no query at all: the default page, sorted by _id ascending', () => {
    expect(normaliseFindQuery(undefined, indexes)).toMatchObject({ conditions: [], sort: [{ field: '_id', direction: 'asc' }], after: undefined });
  });

  it('accepts the maximum page size and a filter and sort on _id without an index', () => {
    const query = normaliseFindQuery({ limit: MAX_PAGE_SIZE, filter: { _id: { $gte: 'c-1' } }, sort: [{ field: '_id', direction: 'desc' }] }, []);
    expect(query.limit).toBe(MAX_PAGE_SIZE);
    expect(query.sort).toEqual([{ field: '_id', direction: 'desc' }]);
    expect(query.conditions).toEqual([{ field: '_id', op: '$gte', value: 'c-1' }]);
  });

  it('breaks ties by _id in the direction of the last key, and reads back its own cursor', () => {
    const sort = [{ field: 'score', direction: 'desc' as const }];
    const query = normaliseFindQuery({ sort }, indexes);
    expect(query.sort).toEqual([...sort, { field: '_id', direction: 'desc' }]);
    const after = encodeCursor(query.sort, [7, 'c-9']);
    expect(normaliseFindQuery({ sort, after }, indexes).after).toEqual([7, 'c-9']);
    expect(() => normaliseFindQuery({ sort: [{ field: 'score', direction: 'asc' }], after }, indexes)).toThrow('cursor belongs to a query with another sort order');
  });

  it('keeps scalars and operators as conditions, and $in and $eq values as given', () => {
    expect(normaliseFilter({ status: null, score: { $gte: 2, $lt: 5 }, _id: { $in: ['a', 1, true, null] } }, indexes)).toEqual([
      { field: 'status', op: '$eq', value: null },
      { field: 'score', op: '$gte', value: 2 },
      { field: 'score', op: '$lt', value: 5 },
      { field: '_id', op: '$in', value: ['a', 1, true, null] },
    ]);
  });
});
