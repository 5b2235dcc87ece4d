import { InvalidPositionError } from '@lifeline/event-store/port';
import { RequestValidationError } from '../http/problem-details';

export const DEFAULT_FEED_LIMIT = 100;
export const MAX_FEED_LIMIT = 1000;

/** Where a client resumes from: "after" in the query, or the SSE Last-Event-ID header. */
export function parsePosition(field: string, text: unknown): number | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== 'string' || !/^\d{1,16}$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new RequestValidationError([{ field, message: `${field} must be a global position: a whole number from 0 (the start of the log)` }]);
  }
  return Number(text);
}

export function parseLimit(text: unknown): number {
  if (text === undefined) return DEFAULT_FEED_LIMIT;
  const value = typeof text === 'string' && /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= MAX_FEED_LIMIT)) {
    throw new RequestValidationError([{ field: 'limit', message: `limit must be a whole number from 1 to ${MAX_FEED_LIMIT}` }]);
  }
  return value;
}

/** Query parameters the feed knows; anything else is a client's typo and refused, not ignored. */
export function refuseUnknownParameters(query: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new RequestValidationError(unknown.map((field) => ({ field, message: `unknown query parameter; use ${known.join(', ')}` })));
  }
}

/**
 * The store refused to read from `field`'s number: it is not 0 or a position the store handed
 * out (on EventStoreDB, positions are offsets into the log and most numbers fall inside a record).
 */
export async function readFromPosition<T>(field: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof InvalidPositionError)) throw error;
    throw new RequestValidationError([
      { field, message: `${error.position} is not a position in the event log; use 0 or a position the feed returned (an event's position, "next" or "head")` },
    ]);
  }
}
