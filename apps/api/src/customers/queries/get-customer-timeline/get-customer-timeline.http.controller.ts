import { Controller, Get, Param, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiParam } from '@nestjs/swagger';
import { CUSTOMER_PROFILES } from '@lifeline/projections/profile';
import { CUSTOMER_TIMELINES } from '@lifeline/projections/timeline';
import { MinPosition, ReadModelFreshness } from '../../../http/read-your-writes';
import { ApiReadModelQuery } from '../../../http/read-your-writes.decorator';
import { EntityIdPipe } from '../../commands/shared/entity-id.pipe';
import { ENTITY_ID_PATTERN } from '../../commands/shared/validators';
import { GetCustomerTimelineQuery } from './get-customer-timeline.query';
import { GetCustomerTimelineRequestDto } from './get-customer-timeline.request.dto';
import { TimelinePageDto, type TimelinePage } from './timeline-page.dto';
import { Access } from '../../../auth/access.decorator';

@Controller('customers')
export class GetCustomerTimelineHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly freshness: ReadModelFreshness,
  ) {}

  @Access('reader')
  @Get(':customerId/timeline')
  @ApiParam({ name: 'customerId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } })
  @ApiReadModelQuery({
    tag: 'customers (queries)',
    summary: "A customer's timeline: every event with a one-line summary, by business time then position",
    description:
      'Keyset paging that stays exact while events arrive: a late-reported event dated before the cursor is not shown on later pages ' +
      '(re-read from the start to see it); nothing after the cursor is skipped or repeated.',
    answer: TimelinePageDto,
    errors: [404],
  })
  async timeline(
    @Param('customerId', EntityIdPipe) customerId: string,
    @QueryParams() params: GetCustomerTimelineRequestDto,
    @MinPosition() minPosition: number | undefined,
  ): Promise<TimelinePage> {
    await this.freshness.awaitPosition(minPosition, [CUSTOMER_PROFILES, CUSTOMER_TIMELINES]);
    return this.queryBus.execute(new GetCustomerTimelineQuery(customerId, params.order ?? 'asc', params.limit, params.cursor));
  }
}
