import { Query } from '@nestjs/cqrs';
import type { RfmSegment } from '@lifeline/analytics/segmentation';
import type { ConsentChannel, ConsentPurpose } from '@lifeline/customers/domain';
import type { CustomerPage } from './customer-page.dto';

export interface CustomerListFilter {
  readonly status?: 'active' | 'churned';
  readonly segment?: string;
  /** Only the customers in this RFM segment as of the query's `asOf`. */
  readonly rfmSegment?: RfmSegment;
  readonly keyAccount?: boolean;
  /** Inclusive, ISO-8601. */
  readonly acquiredFrom?: string;
  /** Exclusive, ISO-8601. */
  readonly acquiredTo?: string;
  /** Only customers with consent given for this purpose (on `channel`, or on any channel). */
  readonly contactableFor?: ConsentPurpose;
  readonly channel?: ConsentChannel;
}

export class ListCustomersQuery extends Query<CustomerPage> {
  constructor(
    readonly filter: CustomerListFilter,
    /** One of CUSTOMER_SORTS, e.g. `-revenueTotal`. */
    readonly sort: string,
    readonly limit: number | undefined,
    readonly cursor: string | undefined,
    readonly asOf: string,
  ) {
    super();
  }
}
