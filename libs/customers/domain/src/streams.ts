/** One stream per customer. The prefix is what subscriptions filter on. */
export const CUSTOMER_STREAM_PREFIX = 'customer-';

/**
 * Every id a caller chooses (customer, contact, complaint, order), in the API and the import:
 * safe in URLs, stream names, file names and logs; never only dots (`.`, `..` are paths) and
 * never a JavaScript prototype name (they would alias an object's prototype when used as a key).
 */
export const ENTITY_ID_PATTERN = /^(?!\.+$)(?!(?:__proto__|constructor|prototype)$)[A-Za-z0-9._-]{1,64}$/;
export const ENTITY_ID_RULE = '1 to 64 characters of A-Z a-z 0-9 . _ -, not only dots, not __proto__, constructor or prototype';
export const CUSTOMER_ID_PATTERN = ENTITY_ID_PATTERN;

export function customerStreamId(customerId: string): string {
  return `${CUSTOMER_STREAM_PREFIX}${customerId}`;
}

export function customerIdFromStream(streamId: string): string | undefined {
  return streamId.startsWith(CUSTOMER_STREAM_PREFIX) ? streamId.slice(CUSTOMER_STREAM_PREFIX.length) : undefined;
}
