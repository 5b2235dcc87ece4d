import type { IdempotencyRecord } from './idempotency-store';

export class InvalidIdempotencyRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidIdempotencyRecordError';
  }
}

/**
 * The answer is larger than this store keeps (an EventStoreDB append is bounded): it was not
 * remembered, and a retry runs the command again. Never a reason to fail the command itself.
 */
export class IdempotencyRecordTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`the answer to remember is ${bytes} bytes, over the ${maxBytes} this idempotency store keeps; not remembered`);
    this.name = 'IdempotencyRecordTooLargeError';
  }
}

/** What every adapter checks before storing: a record no retry could be matched against is refused. */
export function assertValidIdempotencyRecord(record: IdempotencyRecord): void {
  const nonEmpty = (value: unknown) => typeof value === 'string' && value.length > 0;
  if (!nonEmpty(record.scope)) throw new InvalidIdempotencyRecordError('scope must be a non-empty string');
  if (!nonEmpty(record.key)) throw new InvalidIdempotencyRecordError('key must be a non-empty string');
  if (!nonEmpty(record.requestHash)) throw new InvalidIdempotencyRecordError('requestHash must be a non-empty string');
  if (!Number.isInteger(record.status) || record.status < 100 || record.status > 599) {
    throw new InvalidIdempotencyRecordError(`status must be an HTTP status code (100-599), got ${String(record.status)}`);
  }
  if (typeof record.createdAt !== 'string' || Number.isNaN(Date.parse(record.createdAt))) {
    throw new InvalidIdempotencyRecordError(`createdAt must be an ISO-8601 date-time, got ${String(record.createdAt)}`);
  }
}
