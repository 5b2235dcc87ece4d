import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadYourWritesModule } from '../http/read-your-writes';
import { GetComplaintKpisHandler } from './complaint-kpis/get-complaint-kpis.handler';
import { GetComplaintKpisHttpController } from './complaint-kpis/get-complaint-kpis.http.controller';

/** GET /analytics/complaints, from the complaints read model. */
@Module({
  imports: [CqrsModule, ReadYourWritesModule],
  controllers: [GetComplaintKpisHttpController],
  providers: [GetComplaintKpisHandler],
})
export class ComplaintsQueryModule {}
