import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiAnalytics } from '../shared/api-analytics.decorator';
import { RevenueAnswerDto } from './revenue-answer.dto';
import { nowIso } from '../shared/query-params';
import { GetRevenueQuery, type RevenueAnswer } from './get-revenue.query';
import { GetRevenueRequestDto } from './get-revenue.request.dto';
import { Access } from '../../auth/access.decorator';

@Controller('analytics')
export class GetRevenueHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Access('analyst')
  @Get('revenue')
  @ApiAnalytics({
    csv: 'periods',
    summary: 'Historical customer value: revenue and purchases to date',
    description:
      'Amounts in integer minor units of `currency` (averages unrounded). Per calendar period: purchases, revenue and revenue per customer ' +
      'acquired by the end of the period; per acquisition cohort or segment: customers, buyers, purchases, revenue and revenue per customer.',
    answer: RevenueAnswerDto,
    answerDescription: 'Revenue to date: totals, per calendar period, per cohort or segment',
  })
  revenue(@QueryParams() params: GetRevenueRequestDto): Promise<RevenueAnswer> {
    return this.queryBus.execute(new GetRevenueQuery({ asOf: params.asOf ?? nowIso(), granularity: params.granularity ?? 'month', by: params.by ?? 'cohort' }));
  }
}
