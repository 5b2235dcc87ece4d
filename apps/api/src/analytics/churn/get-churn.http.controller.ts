import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiAnalytics } from '../shared/api-analytics.decorator';
import { ChurnAnswerDto } from './churn-answer.dto';
import { nowIso } from '../shared/query-params';
import { GetChurnQuery, type ChurnAnswer } from './get-churn.query';
import { GetChurnRequestDto } from './get-churn.request.dto';
import { Access } from '../../auth/access.decorator';

@Controller('analytics')
export class GetChurnHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Access('analyst')
  @Get('churn')
  @ApiAnalytics({
    csv: 'periods',
    summary: 'Churn rate per period and average relationship length',
    description:
      'Per fully ended calendar period: churn events / customers acquired before the period and active at its start (null when none). ' +
      'Relationship length in days: the plain mean of observed spans (biased low by censoring) and the Kaplan–Meier restricted mean up to the longest span.',
    answer: ChurnAnswerDto,
    answerDescription: 'Churn rate per period, and relationship length',
  })
  churn(@QueryParams() params: GetChurnRequestDto): Promise<ChurnAnswer> {
    return this.queryBus.execute(
      new GetChurnQuery({
        asOf: params.asOf ?? nowIso(),
        granularity: params.granularity ?? 'month',
        ...(params.segment !== undefined && { segment: params.segment }),
        ...(params.channel !== undefined && { channel: params.channel }),
      }),
    );
  }
}
