import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiAnalytics } from '../shared/api-analytics.decorator';
import { nowIso } from '../shared/query-params';
import { GetRetentionQuery, type RetentionAnswer } from './get-retention.query';
import { GetRetentionRequestDto } from './get-retention.request.dto';
import { Access } from '../../auth/access.decorator';

@Controller('analytics')
export class GetRetentionHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Access('analyst')
  @Get('retention')
  @ApiAnalytics({
    summary: 'Cohort retention table',
    description:
      'Cohorts by acquisition period; retention[k] is the share of the cohort active at the end of period k (k = 0 is the acquisition period). ' +
      'Reactivated customers count as active again. Only periods that have fully ended by asOf are reported.',
    answer: '{asOf, granularity, segment, channel, customers, cohorts: [{cohort, size, retention: number[]}]}',
  })
  retention(@QueryParams() params: GetRetentionRequestDto): Promise<RetentionAnswer> {
    return this.queryBus.execute(
      new GetRetentionQuery({
        asOf: params.asOf ?? nowIso(),
        granularity: params.granularity ?? 'month',
        ...(params.segment !== undefined && { segment: params.segment }),
        ...(params.channel !== undefined && { channel: params.channel }),
      }),
    );
  }
}
