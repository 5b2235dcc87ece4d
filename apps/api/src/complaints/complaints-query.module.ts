import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadYourWritesModule } from '../http/read-your-writes';
import { GetComplaintKpisHandler } from './complaint-kpis/get-complaint-kpis.handler';
import { GetComplaintKpisHttpController } from './complaint-kpis/get-complaint-kpis.http.controller';
import { ComplaintDeadlinesService } from './sla-deadlines/complaint-deadlines.service';

/** GET /analytics/complaints, from the complaints read model; the SLA deadline process. */
@Module({
  imports: [CqrsModule, ReadYourWritesModule],
  controllers: [GetComplaintKpisHttpController],
  providers: [GetComplaintKpisHandler, ComplaintDeadlinesService],
})
export class ComplaintsQueryModule {}
