import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { consentedChannelsField, consentedChannelValues, CUSTOMER_PROFILES } from '@lifeline/projections/profile';
import { READ_MODEL_STORE, type FieldOperators, type Filter, type ReadModelStore, type SortKey } from '@lifeline/read-store/port';
import { AnalyticsComputations } from '../../../analytics/workers/analytics-computations';
import { toCustomerView, type StoredProfile } from '../shared/customer-view';
import { withCursorChecked } from '../shared/read-store-query-errors';
import type { CustomerPage } from './customer-page.dto';
import { ListCustomersQuery, type CustomerListFilter } from './list-customers.query';

/** Stored times are normalised UTC (toISOString), so bounds are too, for text comparison to be time order. */
const utc = (iso: string) => new Date(iso).toISOString();

function storeFilter({ status, segment, keyAccount, acquiredFrom, acquiredTo, contactableFor, channel }: CustomerListFilter, rfmMembers: readonly string[] | undefined): Filter {
  const acquiredAt: FieldOperators = {
    ...(acquiredFrom !== undefined && { $gte: utc(acquiredFrom) }),
    ...(acquiredTo !== undefined && { $lt: utc(acquiredTo) }),
  };
  return {
    ...(status !== undefined && { status }),
    ...(segment !== undefined && { segment }),
    ...(keyAccount !== undefined && { keyAccount }),
    ...(Object.keys(acquiredAt).length > 0 && { acquiredAt }),
    // The consented channels of the purpose are one indexed value: any of the sets that contain the channel.
    ...(contactableFor !== undefined && { [consentedChannelsField(contactableFor)]: { $in: consentedChannelValues(channel) } }),
    // The document id is the customer id; the store pages and sorts the members like any other list.
    ...(rfmMembers !== undefined && { _id: { $in: rfmMembers } }),
  };
}

/** The document id is the customer id; revenue sorts on its exact fixed-width key (a number loses order past 2^53). */
const STORED_SORT_FIELD: Readonly<Record<string, string>> = { customerId: '_id', revenueTotal: 'revenueTotalMinor' };

export function storeSort(sort: string): SortKey[] {
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const field = sort.replace(/^-/, '');
  return [{ field: STORED_SORT_FIELD[field] ?? field, direction }];
}

@QueryHandler(ListCustomersQuery)
export class ListCustomersHandler implements IQueryHandler<ListCustomersQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readStore: ReadModelStore,
    private readonly analytics: AnalyticsComputations,
  ) {}

  async execute({ filter, sort, limit, cursor, asOf }: ListCustomersQuery): Promise<CustomerPage> {
    const rfmMembers = filter.rfmSegment === undefined ? undefined : await this.rfmSegmentMembers(filter.rfmSegment, asOf);
    const page = await withCursorChecked(() =>
      this.readStore.find<StoredProfile>(CUSTOMER_PROFILES, {
        filter: storeFilter(filter, rfmMembers),
        sort: storeSort(sort),
        ...(limit !== undefined && { limit }),
        ...(cursor !== undefined && { after: cursor }),
      }),
    );
    return { items: page.items.map((profile) => toCustomerView(profile, asOf)), nextCursor: page.nextCursor ?? null };
  }

  /**
   * The segment's customer ids as of `asOf`, scored exactly as GET /analytics/rfm scores them
   * (quintiles over the whole purchasing population, so a segment cannot be a stored field
   * without rescoring everyone on every purchase).
   */
  private rfmSegmentMembers(segment: string, asOf: string): Promise<string[]> {
    // Scoring the whole purchasing population runs on an analytics worker thread.
    return this.analytics.run('rfmSegmentMembers', { segment, asOf });
  }
}
