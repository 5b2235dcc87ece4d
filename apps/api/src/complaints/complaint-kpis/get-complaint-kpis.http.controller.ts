import { Controller, Get, Query as QueryParams, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiProduces } from '@nestjs/swagger';
import { COMPLAINTS } from '@lifeline/projections/complaints';
import { CsvInterceptor, CsvTable } from '../../analytics/shared/csv.interceptor';
import { MinPosition, ReadModelFreshness } from '../../http/read-your-writes';
import { ApiReadModelQuery } from '../../http/read-your-writes.decorator';
import { ComplaintGroupDto, ComplaintKpisDto } from './complaint-kpis.response.dto';
import { GetComplaintKpisQuery, type ComplaintKpisAnswer } from './get-complaint-kpis.query';
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
  // Accept: text/csv gives the service levels by month of filing, for spreadsheets.
  @CsvTable('serviceLevels.byMonth')
  @UseInterceptors(CsvInterceptor)
  @ApiProduces('application/json', 'text/csv')
  @ApiReadModelQuery({
    tag: 'analytics',
    summary: 'Complaint KPIs as of a time: open/resolved, resolution time mean/median/p90, by category and severity, satisfaction, overdue, service levels',
    answer: ComplaintKpisDto,
    alsoCsv: true,
  })
  async kpis(@QueryParams() params: GetComplaintKpisRequestDto, @MinPosition() minPosition: number | undefined): Promise<ComplaintKpisAnswer> {
    await this.freshness.awaitPosition(minPosition, [COMPLAINTS]);
    return this.queryBus.execute(
      new GetComplaintKpisQuery(params.asOf ?? new Date().toISOString(), params.overdueAfterDays ?? DEFAULT_OVERDUE_AFTER_DAYS, params.category, params.severity),
    );
  }
}
