import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { PROJECTION_NAMES } from '@lifeline/projections/catalog';
import { MinPosition, ReadModelFreshness, ReadYourWritesQueryDto } from '../../http/read-your-writes';
import { ApiReadModelQuery } from '../../http/read-your-writes.decorator';
import { ListProjectionsQuery } from './list-projections.query';
import { ProjectionsDto, type ProjectionsView } from './projection-status.dto';
import { Access } from '../../auth/access.decorator';

@Controller('projections')
export class ListProjectionsHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly freshness: ReadModelFreshness,
  ) {}

  @Access('operator', 'analyst')
  @Get()
  @ApiReadModelQuery({
    tag: 'projections',
    summary: "Each read model's checkpoint, the event store's head, and the lag between them",
    answer: ProjectionsDto,
  })
  async list(@QueryParams() _params: ReadYourWritesQueryDto, @MinPosition() minPosition: number | undefined): Promise<ProjectionsView> {
    await this.freshness.awaitPosition(minPosition, PROJECTION_NAMES);
    return this.queryBus.execute(new ListProjectionsQuery());
  }
}
