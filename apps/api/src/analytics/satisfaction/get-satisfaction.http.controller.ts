import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiAnalytics } from '../shared/api-analytics.decorator';
import { SatisfactionAnswerDto } from './satisfaction-answer.dto';
import { nowIso } from '../shared/query-params';
import { GetSatisfactionQuery, type SatisfactionAnswerBody } from './get-satisfaction.query';
import { GetSatisfactionRequestDto } from './get-satisfaction.request.dto';
import { Access } from '../../auth/access.decorator';

@Controller('analytics')
export class GetSatisfactionHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Access('analyst')
  @Get('satisfaction')
  @ApiAnalytics({
    csv: 'periods',
    summary: 'Customer satisfaction: NPS with its 95% interval, CSAT, CES, per period and group',
    description:
      'From survey answers (SurveyAnswered) and the 1–5 satisfaction given with complaint resolutions, which counts as CSAT at the touchpoint ' +
      'complaint_resolution. NPS: % promoters (9–10) − % detractors (0–6), with counts and a 95% interval (multinomial variance). CSAT: % of ' +
      'answers 4–5. CES: mean of 1–7. Per calendar period (the one holding asOf is marked complete: false) and, with `by`, per customer segment, ' +
      "acquisition channel or the answer's touchpoint.",
    answer: SatisfactionAnswerDto,
    answerDescription: 'NPS, CSAT and CES overall, per period and per group',
  })
  satisfaction(@QueryParams() params: GetSatisfactionRequestDto): Promise<SatisfactionAnswerBody> {
    return this.queryBus.execute(
      new GetSatisfactionQuery(
        {
          asOf: params.asOf ?? nowIso(),
          ...(params.segment !== undefined && { segment: params.segment }),
          ...(params.channel !== undefined && { channel: params.channel }),
        },
        params.granularity ?? 'month',
        params.kind,
        params.by,
      ),
    );
  }
}
