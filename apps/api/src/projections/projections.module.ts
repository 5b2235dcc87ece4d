import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadYourWritesModule } from '../http/read-your-writes';
import { ListProjectionsHandler } from './list-projections/list-projections.handler';
import { ListProjectionsHttpController } from './list-projections/list-projections.http.controller';

/** GET /projections: each read model's checkpoint, head and lag. */
@Module({
  imports: [CqrsModule, ReadYourWritesModule],
  controllers: [ListProjectionsHttpController],
  providers: [ListProjectionsHandler],
})
export class ProjectionsModule {}
