import { apiKeyStoreContract } from '../../port/src/testing/api-key-store.contract';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_KEY_PREFIX, generateApiKey } from '@lifeline/auth/port';
import { SqliteApiKeyStore } from './sqlite-api-key-store';

describe('SqliteApiKeyStore', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const fresh = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-keys-'));
    dirs.push(dir);
    return SqliteApiKeyStore.open(join(dir, 'auth.db'));
  };

  apiKeyStoreContract(fresh);

  it('keeps only the hash: the key itself is in no byte of its files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-keys-'));
    dirs.push(dir);
    const store = SqliteApiKeyStore.open(join(dir, 'auth.db'));
    const key = generateApiKey();
    await store.add({ id: key.id, name: 'x', role: 'admin', hash: key.hash, createdAt: new Date().toISOString() });
    await store.close();
    // The random part may itself hold '_' (base64url), so cut after the id, not at the last '_'.
    const secretPart = key.secret.slice(`${API_KEY_PREFIX}${key.id}_`.length);
    expect(secretPart).toHaveLength(43);
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file)).includes(Buffer.from(secretPart))).toBe(false);
    expect(Buffer.concat(readdirSync(dir).map((file) => readFileSync(join(dir, file)))).includes(Buffer.from(key.hash))).toBe(true);
  });
});
