/** One stream per customer. The prefix is what subscriptions filter on. */
export const CUSTOMER_STREAM_PREFIX = 'customer-';

export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export function customerStreamId(customerId: string): string {
  return `${CUSTOMER_STREAM_PREFIX}${customerId}`;
}

export function customerIdFromStream(streamId: string): string | undefined {
  return streamId.startsWith(CUSTOMER_STREAM_PREFIX) ? streamId.slice(CUSTOMER_STREAM_PREFIX.length) : undefined;
}
