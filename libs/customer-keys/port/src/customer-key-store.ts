/**
 * Where the per-customer data keys live (crypto-shredding, docs/security.md#erasure): one
 * 256-bit AES key per customer, created when the customer's first personal value is stored,
 * deleted on erasure. Adapters: SQLite (embedded, `personal-keys.db` in the data folder) and
 * MongoDB (production, a collection); both pass ./testing/customer-key-store.contract.ts.
 * Never in the event store: a key must be deletable, an event is not.
 *
 * An erased customer keeps a tombstone (id and time, no key), so a key is never created
 * again for them: anything written afterwards could otherwise be read by a new key.
 */
export type CustomerKey =
  | { readonly state: 'present'; readonly key: Buffer }
  | { readonly state: 'erased'; readonly erasedAt: string }
  | { readonly state: 'absent' };

export interface CustomerKeyStore {
  /** The customer's key, or that it was erased, or that none exists yet. */
  find(customerId: string): Promise<CustomerKey>;
  /** Many at once (a page of the log); customers not in the answer have no key. */
  findMany(customerIds: readonly string[]): Promise<Map<string, CustomerKey>>;
  /**
   * The customer's key, created (from `candidate`) if there is none; concurrent callers all
   * get the one stored. An erased customer answers `erased`, and no key is created.
   */
  getOrCreate(customerId: string, candidate: Buffer): Promise<Exclude<CustomerKey, { state: 'absent' }>>;
  /**
   * Deletes the key so that its bytes are not recoverable from the store's files, and keeps a
   * tombstone. Idempotent: erasing again answers the first erasure's time.
   */
  erase(customerId: string, at: string): Promise<{ readonly erasedAt: string; readonly alreadyErased: boolean }>;
  close(): Promise<void>;
}

export const CUSTOMER_KEY_STORE = Symbol('CUSTOMER_KEY_STORE');

/** AES-256: 32 bytes. */
export const CUSTOMER_KEY_BYTES = 32;

export function assertKeyLength(key: Buffer): void {
  if (key.length !== CUSTOMER_KEY_BYTES) throw new RangeError(`a customer key has ${CUSTOMER_KEY_BYTES} bytes, got ${key.length}`);
}
