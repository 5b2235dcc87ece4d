import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { ApiAnalytics } from '../shared/api-analytics.decorator';
import { AbcAnswerDto } from './abc-answer.dto';
import { AnalyticsComputations } from '../workers/analytics-computations';
import { AsOfParams, nowIso } from '../shared/query-params';
import type { AbcAnswer } from './segmentation';
import { Access } from '../../auth/access.decorator';

export type { AbcAnswer } from './segmentation';

@Controller('analytics')
export class GetAbcHttpController {
  constructor(private readonly computations: AnalyticsComputations) {}

  @Access('analyst')
  @Get('abc')
  @ApiAnalytics({
    csv: 'classes',
    summary: 'ABC analysis by revenue, with A customers who have no account manager',
    description:
      'Customers acquired by asOf in descending revenue to asOf (ties by id): A while the cumulative share before the customer is below 80 %, ' +
      'B below 95 %, C the rest and customers without revenue. keyAccountSuggestions lists the A customers without an account manager.',
    answer: AbcAnswerDto,
    answerDescription: 'Classes A, B and C by revenue, and key-account suggestions',
  })
  abc(@QueryParams() params: AsOfParams): Promise<AbcAnswer> {
    // On a worker thread; identical questions asked at the same time share one answer.
    return this.computations.run('abc', { asOf: params.asOf ?? nowIso() });
  }
}
