import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { RFM_SEGMENT_NAMES, type RfmSegment } from '@lifeline/analytics/segmentation';
import { IsIn } from 'class-validator';
import { IsBusinessTime, Optional } from '../../customers/commands/shared/validators';
import { ApiAnalytics } from '../shared/api-analytics.decorator';
import { RfmAnswerDto } from './rfm-answer.dto';
import { AnalyticsComputations } from '../workers/analytics-computations';
import { AsOfParams, nowIso } from '../shared/query-params';
import type { RfmAnswer } from './segmentation';
import { Access } from '../../auth/access.decorator';

export type { RfmAnswer } from './segmentation';

export class GetRfmRequestDto extends AsOfParams {
  @ApiPropertyOptional({ description: 'Also the transitions between the segments at this earlier time and at asOf', format: 'date-time', example: '2025-01-01T00:00:00Z' })
  @Optional()
  @IsBusinessTime()
  from?: string;

  @ApiPropertyOptional({ enum: RFM_SEGMENT_NAMES, description: "Also list this segment's customers (ids and scores), by revenue" })
  @Optional()
  @IsIn(RFM_SEGMENT_NAMES)
  segment?: RfmSegment;
}

/** Computed on request from the purchase histories the projector keeps current (scores depend on the whole population). */
@Controller('analytics')
export class GetRfmHttpController {
  constructor(private readonly computations: AnalyticsComputations) {}

  @Access('analyst')
  @Get('rfm')
  @ApiAnalytics({
    csv: 'segments',
    summary: 'RFM segments as of a time: sizes, revenue share, and transitions since an earlier time',
    description:
      'Recency, frequency and monetary scores 1–5 by quintiles over the customers with a purchase by asOf (ties share the lower score), ' +
      `named from R and F: ${RFM_SEGMENT_NAMES.join(', ')}. Revenue is to date: revenueAmount/monetaryAmount exact decimal strings, revenueMinor/monetaryMinor minor units as numbers (exact below 2^53). With from, the number of customers moving ` +
      'between each pair of segments ("(none)": no purchase by then). See docs/analytics.md for the grid and the tie rule.',
    answer: RfmAnswerDto,
    answerDescription: 'Segment sizes and revenue; transitions and members when asked for',
  })
  rfm(@QueryParams() params: GetRfmRequestDto): Promise<RfmAnswer> {
    // On a worker thread; identical questions asked at the same time share one answer.
    return this.computations.run('rfm', { asOf: params.asOf ?? nowIso(), ...(params.from !== undefined && { from: params.from }), ...(params.segment !== undefined && { segment: params.segment }) });
  }
}
