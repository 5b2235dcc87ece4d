import { randomBytes } from 'node:crypto';
import type { CustomerKeyStore } from '../customer-key-store';

/** What every CustomerKeyStore adapter must do; `fresh` opens an empty store. */
export function customerKeyStoreContract(fresh: () => Promise<CustomerKeyStore>): void {
  let store: CustomerKeyStore;
  beforeEach(async () => {
    store = await fresh();
  });
  afterEach(async () => {
    await store.close();
  });

  it('has no key for a customer it never saw', async () => {
    await expect(store.find('c-unknown')).resolves.toEqual({ state: 'absent' });
    expect((await store.findMany(['c-unknown'])).get('c-unknown') ?? { state: 'absent' }).toEqual({ state: 'absent' });
  });

  it('creates a key once: later and concurrent callers get the first one stored', async () => {
    const first = randomBytes(32);
    const answers = await Promise.all([store.getOrCreate('c-1', first), store.getOrCreate('c-1', randomBytes(32)), store.getOrCreate('c-1', randomBytes(32))]);
    const stored = answers[0];
    expect(stored.state).toBe('present');
    for (const answer of answers) expect(answer).toEqual(stored);
    await expect(store.find('c-1')).resolves.toEqual(stored);
    const again = await store.getOrCreate('c-1', randomBytes(32));
    expect(again).toEqual(stored);
  });

  it('keeps one key per customer and answers many at once', async () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    await store.getOrCreate('c-a', a);
    await store.getOrCreate('c-b', b);
    await store.erase('c-c', '2026-01-01T00:00:00.000Z');
    const found = await store.findMany(['c-a', 'c-b', 'c-c', 'c-none']);
    expect(found.get('c-a')).toEqual({ state: 'present', key: a });
    expect(found.get('c-b')).toEqual({ state: 'present', key: b });
    expect(found.get('c-c')).toEqual({ state: 'erased', erasedAt: '2026-01-01T00:00:00.000Z' });
    expect(found.has('c-none')).toBe(false);
    expect((await store.findMany([])).size).toBe(0);
  });

  it('erases a key for good: no key afterwards, none created again, a second erasure answers the first', async () => {
    await store.getOrCreate('c-2', randomBytes(32));
    await expect(store.erase('c-2', '2026-02-01T00:00:00.000Z')).resolves.toEqual({ erasedAt: '2026-02-01T00:00:00.000Z', alreadyErased: false });
    await expect(store.find('c-2')).resolves.toEqual({ state: 'erased', erasedAt: '2026-02-01T00:00:00.000Z' });
    await expect(store.getOrCreate('c-2', randomBytes(32))).resolves.toEqual({ state: 'erased', erasedAt: '2026-02-01T00:00:00.000Z' });
    await expect(store.erase('c-2', '2026-03-01T00:00:00.000Z')).resolves.toEqual({ erasedAt: '2026-02-01T00:00:00.000Z', alreadyErased: true });
  });

  it('erases a customer that never had a key (their events held no personal data yet)', async () => {
    await expect(store.erase('c-3', '2026-02-01T00:00:00.000Z')).resolves.toEqual({ erasedAt: '2026-02-01T00:00:00.000Z', alreadyErased: false });
    await expect(store.getOrCreate('c-3', randomBytes(32))).resolves.toEqual({ state: 'erased', erasedAt: '2026-02-01T00:00:00.000Z' });
  });

  it('refuses a key of the wrong length', async () => {
    await expect(store.getOrCreate('c-4', randomBytes(16))).rejects.toThrow(/32 bytes/);
  });
}
