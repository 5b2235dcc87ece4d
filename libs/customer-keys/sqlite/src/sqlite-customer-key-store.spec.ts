import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customerKeyStoreContract } from '../../port/src/testing/customer-key-store.contract';
import { SqliteCustomerKeyStore } from './sqlite-customer-key-store';

describe('SqliteCustomerKeyStore', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-customer-keys-'));
    dirs.push(dir);
    return dir;
  };

  customerKeyStoreContract(async () => SqliteCustomerKeyStore.open(join(freshDir(), 'personal-keys.db')));

  const bytesOf = (dir: string) => readdirSync(dir).map((file) => readFileSync(join(dir, file)));

  it('leaves no byte of an erased key in its files, WAL included, while the store is still open', async () => {
    const dir = freshDir();
    const store = SqliteCustomerKeyStore.open(join(dir, 'personal-keys.db'));
    const keys = Array.from({ length: 50 }, () => randomBytes(32));
    for (const [i, key] of keys.entries()) await store.getOrCreate(`c-${i}`, key);
    // The keys are in the files (WAL or main file) before the erasure: the scan can see them.
    expect(bytesOf(dir).some((bytes) => bytes.includes(keys[7]!))).toBe(true);

    await store.erase('c-7', new Date().toISOString());
    for (const bytes of bytesOf(dir)) expect(bytes.includes(keys[7]!)).toBe(false);
    // The others are kept.
    await expect(store.find('c-8')).resolves.toEqual({ state: 'present', key: keys[8] });
    await store.close();
    for (const bytes of bytesOf(dir)) expect(bytes.includes(keys[7]!)).toBe(false);
  });
});
