import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CUSTOMER_PROFILES } from '@lifeline/projections/profile';
import { PURCHASE_HISTORIES } from '@lifeline/projections/purchase-history';
import { RequestValidationError } from '../../../http/problem-details';
import { MinPosition, ReadModelFreshness } from '../../../http/read-your-writes';
import { ApiReadModelQuery } from '../../../http/read-your-writes.decorator';
import { CustomerPageDto, type CustomerPage } from './customer-page.dto';
import { ListCustomersQuery } from './list-customers.query';
import { ListCustomersRequestDto } from './list-customers.request.dto';
import { Access } from '../../../auth/access.decorator';

@Controller('customers')
export class ListCustomersHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly freshness: ReadModelFreshness,
  ) {}

  @Access('reader')
  @Get()
  @ApiReadModelQuery({
    tag: 'customers (queries)',
    summary: 'Customers by status, segment, RFM segment, key account, acquisition time and consent to be contacted, sorted and paged',
    description: 'Keyset paging: follow `nextCursor` with the same filters and sort; customers added meanwhile are neither repeated nor skipped before the cursor.',
    answer: CustomerPageDto,
  })
  async list(@QueryParams() params: ListCustomersRequestDto, @MinPosition() minPosition: number | undefined): Promise<CustomerPage> {
    const { status, segment, rfmSegment, keyAccount, acquiredFrom, acquiredTo, contactableFor, channel, sort, limit, cursor } = params;
    if (channel !== undefined && contactableFor === undefined) {
      throw new RequestValidationError([{ field: 'channel', message: 'channel needs contactableFor (the purpose to contact the customer for)' }]);
    }
    if (acquiredFrom !== undefined && acquiredTo !== undefined && Date.parse(acquiredFrom) >= Date.parse(acquiredTo)) {
      throw new RequestValidationError([{ field: 'acquiredTo', message: 'acquiredTo must be later than acquiredFrom' }]);
    }
    await this.freshness.awaitPosition(minPosition, rfmSegment === undefined ? [CUSTOMER_PROFILES] : [CUSTOMER_PROFILES, PURCHASE_HISTORIES]);
    return this.queryBus.execute(
      new ListCustomersQuery({ status, segment, rfmSegment, keyAccount, acquiredFrom, acquiredTo, contactableFor, channel }, sort ?? 'customerId', limit, cursor, new Date().toISOString()),
    );
  }
}
