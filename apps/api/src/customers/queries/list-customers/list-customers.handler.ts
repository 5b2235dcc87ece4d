import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CUSTOMER_PROFILES } from '@lifeline/projections/profile';
import { READ_MODEL_STORE, type FieldOperators, type Filter, type ReadModelStore, type SortKey } from '@lifeline/read-store/port';
import { AnalyticsSource } from '../../../analytics/shared/analytics-source';
import { rfmAsOf } from '../../../analytics/segmentation/segmentation';
import { toCustomerView, type StoredProfile } from '../shared/customer-view';
import { withCursorChecked } from '../shared/read-store-query-errors';
import type { CustomerPage } from './customer-page.dto';
import { ListCustomersQuery, type CustomerListFilter } from './list-customers.query';

/** Stored times are normalised UTC (toISOString), so bounds are too, for text comparison to be time order. */
const utc = (iso: string) => new Date(iso).toISOString();

function storeFilter({ status, segment, keyAccount, acquiredFrom, acquiredTo }: CustomerListFilter, rfmMembers: readonly string[] | undefined): Filter {
  const acquiredAt: FieldOperators = {
    ...(acquiredFrom !== undefined && { $gte: utc(acquiredFrom) }),
    ...(acquiredTo !== undefined && { $lt: utc(acquiredTo) }),
  };
  return {
    ...(status !== undefined && { status }),
    ...(segment !== undefined && { segment }),
    ...(keyAccount !== undefined && { keyAccount }),
    ...(Object.keys(acquiredAt).length > 0 && { acquiredAt }),
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
    private readonly analytics: AnalyticsSource,
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
  private async rfmSegmentMembers(segment: string, asOf: string): Promise<string[]> {
    return rfmAsOf(await this.analytics.purchaseHistories(), asOf)
      .filter((score) => score.segment === segment)
      .map((score) => score.customerId);
  }
}
