import type { Role } from './roles';

/** A stored API key: never the key itself, only its hash. */
export interface ApiKeyRecord {
  /** Short public id (also the start of the key after its prefix), to name the key in lists and logs. */
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** SHA-256 of the whole key, hex. */
  readonly hash: string;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
}

export class DuplicateApiKeyNameError extends Error {
  constructor(readonly keyName: string) {
    super(`an API key named "${keyName}" exists already; revoke it or choose another name`);
    this.name = 'DuplicateApiKeyNameError';
  }
}

/**
 * Where API keys live: SQLite next to the data (embedded), a MongoDB collection (production).
 * Both pass ./testing/api-key-store.contract.ts.
 */
export interface ApiKeyStore {
  /** Throws DuplicateApiKeyNameError when the name is taken. */
  add(record: ApiKeyRecord): Promise<void>;
  findByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  /** Every key, oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Deletes the key with this name or id; false when there was none. */
  revoke(nameOrId: string): Promise<boolean>;
  /** Records a use; callers throttle this, it is a write. */
  touch(id: string, at: string): Promise<void>;
  count(): Promise<number>;
  close(): Promise<void>;
}

export const API_KEY_STORE = Symbol('ApiKeyStore');
