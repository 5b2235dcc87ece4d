import { CUSTOMER_STREAM_PREFIX, customerStreamId } from '@lifeline/customers/domain';
import type { EventStore, RecordedEvent } from '@lifeline/event-store/port';
import { once } from 'node:events';
import { EXIT, type CliContext } from '../cli-context';
import { cliConfig, openEventStore } from '../stores';

export interface ExportCommandOptions {
  readonly dataDir?: string;
  /** Only this customer's stream. */
  readonly customer?: string;
  /** Only events with a global position greater than this. */
  readonly from?: number;
}

const PAGE_SIZE = 1000;

/** Every stored event (or one customer's) as NDJSON, one RecordedEvent per line, in position order. */
export async function runExport(options: ExportCommandOptions, ctx: CliContext): Promise<number> {
  const store = await openEventStore(cliConfig(ctx.env, options.dataDir), { create: false });
  try {
    const after = options.from ?? 0;
    for await (const page of pages(store, options.customer, after)) {
      if (ctx.signal.aborted) return EXIT.interrupted;
      const text = page.map((event) => `${JSON.stringify(event)}\n`).join('');
      // Respect backpressure: a slow consumer (gzip, network) must not make us buffer the store.
      if (!ctx.stdout.write(text)) await once(ctx.stdout, 'drain');
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

async function* pages(store: EventStore, customerId: string | undefined, after: number): AsyncGenerator<RecordedEvent[]> {
  if (customerId !== undefined) {
    const stream = await store.readStream(customerStreamId(customerId));
    yield stream.filter((event) => event.position > after);
    return;
  }
  for (let position = after; ; ) {
    // Customer streams only: the EventStoreDB deployment keeps idempotency records as streams too.
    const page = await store.readAll({ after: position, maxCount: PAGE_SIZE, streamPrefix: CUSTOMER_STREAM_PREFIX });
    if (page.length === 0) return;
    yield page;
    position = page[page.length - 1].position;
  }
}
