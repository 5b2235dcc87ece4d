import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { RequestValidationError } from './problem-details';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const ACCEPTABLE_KEY = /^[\x21-\x7e]{1,255}$/;

/** The client's Idempotency-Key, if any; a malformed one is refused rather than ignored. */
export function idempotencyKeyOf(request: Request): string | undefined {
  const key = request.header(IDEMPOTENCY_KEY_HEADER);
  if (key === undefined) return undefined;
  if (!ACCEPTABLE_KEY.test(key)) {
    throw new RequestValidationError([{ field: IDEMPOTENCY_KEY_HEADER, message: 'must be 1 to 255 visible ASCII characters' }]);
  }
  return key;
}

/** Keys are unique per endpoint and target: the same key on another path is another request. */
export function idempotencyScopeOf(request: Request): string {
  return `${request.method} ${request.originalUrl.split('?')[0]}`;
}

/** The key as the command layer gets it: scoped, so derived ids never collide across endpoints. */
export function scopedIdempotencyKeyOf(request: Request): string | undefined {
  const key = idempotencyKeyOf(request);
  return key === undefined ? undefined : `${idempotencyScopeOf(request)}\n${key}`;
}

/** SHA-256 of the body with object keys sorted, so that key order does not make it "another body". */
export function requestHashOf(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body ?? {})).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
