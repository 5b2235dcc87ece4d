import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiAnalytics } from '../shared/api-analytics.decorator';
import { RetentionAnswerDto } from './retention-answer.dto';
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
    csv: 'cohorts',
    summary: 'Cohort retention table',
    description:
      'Cohorts by acquisition period (k = 0 is the acquisition period). basis=status (default): retention[k] is the share of the cohort ' +
      'not churned at the end of period k; reactivated customers count as active again. basis=activity: retention[k] is the share of the ' +
      'cohort with at least one purchase in period k (purchase days are UTC days), for data without recorded churn. ' +
      'Only periods that have fully ended by asOf are reported.',
    answer: RetentionAnswerDto,
    answerDescription: 'Retention per acquisition cohort',
  })
  retention(@QueryParams() params: GetRetentionRequestDto): Promise<RetentionAnswer> {
    return this.queryBus.execute(
      new GetRetentionQuery({
        asOf: params.asOf ?? nowIso(),
        granularity: params.granularity ?? 'month',
        basis: params.basis ?? 'status',
        ...(params.segment !== undefined && { segment: params.segment }),
        ...(params.channel !== undefined && { channel: params.channel }),
      }),
    );
  }
}
