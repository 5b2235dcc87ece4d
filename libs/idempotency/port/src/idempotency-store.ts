/**
 * Remembers the answer to a command sent with an `Idempotency-Key`, so that a retry with
 * the same key and body gets the first answer and writes nothing, also after a restart.
 * Adapters: SQLite (embedded default, in the event store's file) and MongoDB (production).
 */
export interface IdempotencyRecord {
  /** Who the key belongs to, e.g. "POST /customers/c-1/purchases". Keys are unique per scope. */
  readonly scope: string;
  readonly key: string;
  /** SHA-256 of the canonical request body: a reused key with another body is refused. */
  readonly requestHash: string;
  readonly status: number;
  readonly body: unknown;
  readonly createdAt: string;
}

export interface IdempotencyStore {
  find(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Stores the record unless one exists for (scope, key); returns whichever is stored. */
  remember(record: IdempotencyRecord): Promise<IdempotencyRecord>;
  close(): Promise<void>;
}

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
