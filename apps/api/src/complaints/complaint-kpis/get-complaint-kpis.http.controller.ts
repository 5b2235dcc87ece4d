import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtraModels } from '@nestjs/swagger';
import { COMPLAINTS, type ComplaintKpis } from '@lifeline/projections/complaints';
import { MinPosition, ReadModelFreshness } from '../../http/read-your-writes';
import { ApiReadModelQuery } from '../../http/read-your-writes.decorator';
import { ComplaintGroupDto, ComplaintKpisDto } from './complaint-kpis.response.dto';
import { GetComplaintKpisQuery } from './get-complaint-kpis.query';
import { DEFAULT_OVERDUE_AFTER_DAYS, GetComplaintKpisRequestDto } from './get-complaint-kpis.request.dto';
import { Access } from '../../auth/access.decorator';

@Controller('analytics/complaints')
export class GetComplaintKpisHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly freshness: ReadModelFreshness,
  ) {}

  @Access('analyst')
  @Get()
  @ApiExtraModels(ComplaintGroupDto)
  @ApiReadModelQuery({
    tag: 'analytics',
    summary: 'Complaint KPIs as of a time: open/resolved, resolution time mean/median/p90, by category and severity, satisfaction, overdue',
    answer: ComplaintKpisDto,
  })
  async kpis(@QueryParams() params: GetComplaintKpisRequestDto, @MinPosition() minPosition: number | undefined): Promise<ComplaintKpis> {
    await this.freshness.awaitPosition(minPosition, [COMPLAINTS]);
    return this.queryBus.execute(
      new GetComplaintKpisQuery(params.asOf ?? new Date().toISOString(), params.overdueAfterDays ?? DEFAULT_OVERDUE_AFTER_DAYS, params.category, params.severity),
    );
  }
}
