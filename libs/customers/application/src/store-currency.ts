import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import { WrongExpectedRevisionError, type EventStore } from '@lifeline/event-store/port';
import { randomUUID } from 'node:crypto';

/**
 * A store books purchases in one currency. The first process to open it (API, projector,
 * `lifeline import`/`seed`) records which, in this stream of its own (projections, the feed
 * and Kafka read `customer-` streams only, so no consumer sees it); every later start checks
 * its LIFELINE_CURRENCY against it. A purchase in another currency is then refused by the
 * decider before anything is appended, so the read models never meet two currencies.
 */
export const STORE_CURRENCY_STREAM = 'lifeline-store-currency';
export const STORE_CURRENCY_PINNED = 'StoreCurrencyPinned';

export class StoreCurrencyMismatchError extends Error {
  constructor(
    readonly storeCurrency: string,
    readonly configuredCurrency: string,
  ) {
    super(
      `this store books purchases in ${storeCurrency}, but LIFELINE_CURRENCY is ${configuredCurrency}; ` +
        `start with LIFELINE_CURRENCY=${storeCurrency} (a store holds one currency)`,
    );
    this.name = 'StoreCurrencyMismatchError';
  }
}

/** How many events a store written before the pin existed is read, at most per page, to find its currency. */
const SCAN_PAGE = 1_000;

/** The currency of the first purchase in the log, for stores written before the pin existed. */
async function currencyOfFirstPurchase(eventStore: EventStore): Promise<string | undefined> {
  for (let after = 0; ; ) {
    const page = await eventStore.readAll({ after, maxCount: SCAN_PAGE, streamPrefix: CUSTOMER_STREAM_PREFIX });
    for (const event of page) {
      if (event.type === 'PurchaseRecorded') return (event.data as { currency?: string }).currency;
    }
    if (page.length < SCAN_PAGE) return undefined;
    after = page.at(-1)!.position;
  }
}

async function pinnedCurrency(eventStore: EventStore): Promise<string | undefined> {
  const [pin] = await eventStore.readStream(STORE_CURRENCY_STREAM, { maxCount: 1 });
  return pin ? (pin.data as { currency: string }).currency : undefined;
}

/**
 * Returns the store's currency after making sure it is `configured`: records it on a store
 * that has none yet; throws StoreCurrencyMismatchError (nothing written) when it differs.
 */
export async function pinStoreCurrency(eventStore: EventStore, configured: string): Promise<string> {
  let stored = await pinnedCurrency(eventStore);
  if (stored === undefined) {
    const found = (await currencyOfFirstPurchase(eventStore)) ?? configured;
    if (found !== configured) throw new StoreCurrencyMismatchError(found, configured);
    try {
      await eventStore.appendToStream(
        STORE_CURRENCY_STREAM,
        [{ eventId: randomUUID(), type: STORE_CURRENCY_PINNED, schemaVersion: 1, occurredAt: new Date().toISOString(), data: { currency: configured }, metadata: {} }],
        { expectedRevision: 'no_stream' },
      );
      return configured;
    } catch (error) {
      // Another process pinned it first: its pin counts.
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      stored = await pinnedCurrency(eventStore);
    }
  }
  if (stored !== configured) throw new StoreCurrencyMismatchError(stored ?? '?', configured);
  return stored;
}
