import { DuplicateApiKeyNameError, type ApiKeyRecord, type ApiKeyStore } from '../api-key-store';
import { generateApiKey } from '../api-keys';

const record = (name: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord => {
  const key = generateApiKey();
  return { id: key.id, name, role: 'reader', hash: key.hash, createdAt: '2026-01-01T00:00:00.000Z', ...overrides };
};

/** What every ApiKeyStore adapter must do; `open` gives a fresh, empty store. */
export function apiKeyStoreContract(open: () => Promise<ApiKeyStore>): void {
  let store: ApiKeyStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('finds a key by its hash and by nothing else', async () => {
    const key = record('ci-bot', { role: 'writer' });
    await store.add(key);
    expect(await store.findByHash(key.hash)).toEqual(key);
    expect(await store.findByHash(record('other').hash)).toBeUndefined();
  });

  it('lists keys oldest first and counts them', async () => {
    expect(await store.count()).toBe(0);
    await store.add(record('b', { createdAt: '2026-01-02T00:00:00.000Z' }));
    await store.add(record('a', { createdAt: '2026-01-01T00:00:00.000Z', role: 'admin' }));
    expect((await store.list()).map((key) => [key.name, key.role])).toEqual([
      ['a', 'admin'],
      ['b', 'reader'],
    ]);
    expect(await store.count()).toBe(2);
  });

  it('refuses a second key with a name in use', async () => {
    await store.add(record('dup'));
    await expect(store.add(record('dup'))).rejects.toThrow(DuplicateApiKeyNameError);
    expect(await store.count()).toBe(1);
  });

  it('revokes by name or by id, after which the hash no longer finds it', async () => {
    const byName = record('by-name');
    const byId = record('by-id');
    await store.add(byName);
    await store.add(byId);
    expect(await store.revoke('by-name')).toBe(true);
    expect(await store.revoke(byId.id)).toBe(true);
    expect(await store.revoke('by-name')).toBe(false);
    expect(await store.findByHash(byName.hash)).toBeUndefined();
    expect(await store.findByHash(byId.hash)).toBeUndefined();
    expect(await store.count()).toBe(0);
  });

  it('records the last use', async () => {
    const key = record('used');
    await store.add(key);
    await store.touch(key.id, '2026-02-03T04:05:06.000Z');
    expect((await store.findByHash(key.hash))?.lastUsedAt).toBe('2026-02-03T04:05:06.000Z');
  });
}
