import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CUSTOMER_PROFILES } from '@lifeline/projections/profile';
import { CUSTOMER_TIMELINES, type TimelineEntry } from '@lifeline/projections/timeline';
import { READ_MODEL_STORE, type ReadModelStore, type StoredDocument } from '@lifeline/read-store/port';
import { ReadModelNotFoundError } from '../../../http/read-side-problems';
import { withCursorChecked } from '../shared/read-store-query-errors';
import { GetCustomerTimelineQuery } from './get-customer-timeline.query';
import type { TimelineEntryView, TimelinePage } from './timeline-page.dto';

function toEntryView({ _id, sortKey, customerId, ...entry }: StoredDocument & TimelineEntry): TimelineEntryView {
  return entry;
}

@QueryHandler(GetCustomerTimelineQuery)
export class GetCustomerTimelineHandler implements IQueryHandler<GetCustomerTimelineQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readStore: ReadModelStore) {}

  async execute({ customerId, order, limit, cursor }: GetCustomerTimelineQuery): Promise<TimelinePage> {
    // The profile says whether the customer exists; an empty page would not tell "unknown" from "no events yet".
    if ((await this.readStore.get(CUSTOMER_PROFILES, customerId)) === undefined) {
      throw new ReadModelNotFoundError(`customer ${customerId} is not known`);
    }
    // sortKey is business time then position, unique per customer, so the keyset cursor is exact:
    // events arriving between pages land before the cursor (already passed) or after it (still to come).
    const page = await withCursorChecked(() =>
      this.readStore.find<StoredDocument & TimelineEntry>(CUSTOMER_TIMELINES, {
        filter: { customerId },
        sort: [{ field: 'sortKey', direction: order }],
        ...(limit !== undefined && { limit }),
        ...(cursor !== undefined && { after: cursor }),
      }),
    );
    return { customerId, items: page.items.map(toEntryView), nextCursor: page.nextCursor ?? null };
  }
}
