import { generateApiKey, InvalidCredentialsError, type ApiKeyRecord, type ApiKeyStore } from '@lifeline/auth/port';
import { SqliteApiKeyStore } from '@lifeline/auth/sqlite';
import type { Request } from 'express';
import { Authenticator, LOCAL_PRINCIPAL } from './authenticator';

const request = (remoteAddress: string, authorization?: string) =>
  ({ headers: authorization === undefined ? {} : { authorization }, socket: { remoteAddress } }) as unknown as Request;

async function addKey(store: ApiKeyStore, name: string): Promise<string> {
  const key = generateApiKey();
  const record: ApiKeyRecord = { id: key.id, name, role: 'reader', hash: key.hash, createdAt: new Date().toISOString() };
  await store.add(record);
  return key.secret;
}

describe('Authenticator', () => {
  let store: SqliteApiKeyStore;
  beforeEach(() => {
    store = SqliteApiKeyStore.open(':memory:');
  });
  afterEach(async () => {
    await store.close();
  });

  it('in protected mode serves loopback callers without credentials, and nobody else', async () => {
    const authenticator = await Authenticator.create(store, undefined);
    expect(authenticator.protectedMode).toBe(true);
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) await expect(authenticator.authenticate(request(address))).resolves.toEqual(LOCAL_PRINCIPAL);
    for (const address of ['192.168.1.20', '::ffff:10.0.0.3', '']) await expect(authenticator.authenticate(request(address))).rejects.toThrow(InvalidCredentialsError);
  });

  it('ends protected mode when the first key appears, also while running', async () => {
    const authenticator = await Authenticator.create(store, undefined);
    const key = await addKey(store, 'first');
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the key count is re-read at most every second
    await expect(authenticator.authenticate(request('127.0.0.1'))).rejects.toThrow(InvalidCredentialsError);
    await expect(authenticator.authenticate(request('127.0.0.1', `Bearer ${key}`))).resolves.toEqual({ kind: 'api-key', name: 'key:first', roles: ['reader'] });
  });

  it('is never in protected mode when a key exists at start, even after every key is revoked', async () => {
    await addKey(store, 'only');
    const authenticator = await Authenticator.create(store, undefined);
    expect(authenticator.protectedMode).toBe(false);
    await store.revoke('only');
    await expect(authenticator.authenticate(request('127.0.0.1'))).rejects.toThrow(/needs credentials/);
  });

  it('refuses a bearer value that is no Lifeline key when no issuer is configured, and other schemes', async () => {
    await addKey(store, 'k');
    const authenticator = await Authenticator.create(store, undefined);
    await expect(authenticator.authenticate(request('127.0.0.1', 'Bearer eyJhbGciOiJub25lIn0.e30.'))).rejects.toThrow(/not a Lifeline API key/);
    await expect(authenticator.authenticate(request('127.0.0.1', 'Basic YTpi'))).rejects.toThrow(/must read "Bearer/);
  });
});
