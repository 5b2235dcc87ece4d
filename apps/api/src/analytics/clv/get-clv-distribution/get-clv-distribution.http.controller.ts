import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiAnalytics } from '../../shared/api-analytics.decorator';
import { ClvDistributionAnswerDto } from './clv-distribution-answer.dto';
import { GetClvDistributionQuery, type ClvDistributionAnswer } from './get-clv-distribution.query';
import { GetClvDistributionRequestDto } from './get-clv-distribution.request.dto';
import { Access } from '../../../auth/access.decorator';

@Controller('analytics')
export class GetClvDistributionHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Access('analyst')
  @Get('clv')
  @ApiAnalytics({
    csv: 'deciles',
    summary: 'Distribution of predicted lifetime value under the latest model',
    description:
      'Overall total and mean, deciles by rank (1 = most valuable tenth), per segment, and the top customers. Amounts in minor units of `currency`. ' +
      '`zeroedByRecordedChurn` counts the customers whose recorded churn overrode the model (P(alive) and CLV 0).',
    answer: ClvDistributionAnswerDto,
    answerDescription: 'Predicted lifetime value: overall, deciles, per segment, top customers',
    problems: { 409: 'No model fitted yet (type /problems/clv-model-not-fitted)' },
  })
  distribution(@QueryParams() params: GetClvDistributionRequestDto): Promise<ClvDistributionAnswer> {
    return this.queryBus.execute(new GetClvDistributionQuery(params.top ?? 10, params.segment));
  }
}
