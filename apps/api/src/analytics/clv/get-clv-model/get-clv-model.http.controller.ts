import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiAnalytics } from '../../shared/api-analytics.decorator';
import { ClvModelDto } from './clv-model.dto';
import type { ClvModel } from '../clv-model';
import { GetClvModelQuery } from './get-clv-model.query';
import { Access } from '../../../auth/access.decorator';

@Controller('analytics/clv')
export class GetClvModelHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Access('analyst')
  @Get('model')
  @ApiAnalytics({
    csv: '', summary: 'The latest fitted lifetime-value model', description: 'Parameters, log-likelihoods, customers and fit time of the newest fit.', answer: ClvModelDto, answerDescription: 'The newest model', problems: { 404: 'No model fitted yet' } })
  model(): Promise<ClvModel> {
    return this.queryBus.execute(new GetClvModelQuery());
  }
}
