import { assertCollectionName, assertFieldPath, CheckpointConflictError, ReadStoreQueryError, UnknownCollectionError } from './read-model-store';

// These errors reach operators' logs and the HTTP problem details by name and message.
describe('read-store errors', () => {
  it('say which collection, which version and which checkpoints', () => {
    expect(new UnknownCollectionError('timeline')).toMatchObject({ name: 'UnknownCollectionError', message: 'unknown read-model collection timeline' });
    expect(new UnknownCollectionError('timeline', 3)).toMatchObject({ name: 'UnknownCollectionError', message: 'read-model collection timeline has no version 3' });
    expect(new CheckpointConflictError('timeline', 2, 40, 'version_gone')).toMatchObject({
      name: 'CheckpointConflictError',
      message: 'read model timeline v2: checkpoint expected 40, actual version_gone',
    });
    expect(new ReadStoreQueryError('limit must be …')).toMatchObject({ name: 'ReadStoreQueryError' });
  });
});

describe('name checks', () => {
  it('refuse a collection name or field path that is not a string, even one that would read as a good name', () => {
    expect(() => assertCollectionName(['timeline'] as never)).toThrow('collection name must be a letter then up to 62 letters, digits, "_" or "-" (got ["timeline"])');
    expect(() => assertFieldPath(['status'] as never)).toThrow('field must be a dotted path of identifiers such as "profile.segment" (got ["status"])');
    expect(() => assertCollectionName('timeline')).not.toThrow();
    expect(() => assertFieldPath('profile.segment')).not.toThrow();
  });
});
