import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiAnalytics } from '../shared/api-analytics.decorator';
import { SurvivalAnswerDto } from './survival-answer.dto';
import { nowIso } from '../shared/query-params';
import { GetSurvivalQuery, type SurvivalAnswer } from './get-survival.query';
import { GetSurvivalRequestDto } from './get-survival.request.dto';
import { Access } from '../../auth/access.decorator';

@Controller('analytics')
export class GetSurvivalHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Access('analyst')
  @Get('survival')
  @ApiAnalytics({
    csv: 'groups[].steps',
    summary: 'Kaplan–Meier survival: time from acquisition to first churn (recorded, or derived from inactivity)',
    description:
      'Customers without a churn by asOf are right-censored at asOf. Each step has number at risk, events, censored, survival and the ' +
      'Greenwood 95% band on the log-log scale (null once survival is 0); with unit=week|month one step per unit. `atRiskTable` gives the ' +
      'number at risk at regular times. With `by`, one curve per group and a k-sample log-rank test. churnRule=inactivity&inactivityDays=N ' +
      'replaces the recorded churn by a derived one (N days without a purchase), labelled in `churnRule`.',
    answer: SurvivalAnswerDto,
    answerDescription: 'Kaplan–Meier curves per group, with the log-rank test across them',
  })
  survival(@QueryParams() params: GetSurvivalRequestDto): Promise<SurvivalAnswer> {
    return this.queryBus.execute(
      new GetSurvivalQuery(
        {
          asOf: params.asOf ?? nowIso(),
          ...(params.segment !== undefined && { segment: params.segment }),
          ...(params.channel !== undefined && { channel: params.channel }),
        },
        params.unit ?? 'day',
        params.by,
        params.churnRule === 'inactivity' ? params.inactivityDays : undefined,
      ),
    );
  }
}
