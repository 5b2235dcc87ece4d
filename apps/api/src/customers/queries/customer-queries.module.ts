import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AnalyticsSourceModule } from '../../analytics/shared/analytics-source.module';
import { ReadYourWritesModule } from '../../http/read-your-writes';
import { GetCustomerTimelineHandler } from './get-customer-timeline/get-customer-timeline.handler';
import { GetCustomerTimelineHttpController } from './get-customer-timeline/get-customer-timeline.http.controller';
import { GetCustomerHandler } from './get-customer/get-customer.handler';
import { GetCustomerHttpController } from './get-customer/get-customer.http.controller';
import { ListCustomersHandler } from './list-customers/list-customers.handler';
import { ListCustomersHttpController } from './list-customers/list-customers.http.controller';

/** Customer read-model queries: profile, list, timeline (read side). One controller and one handler per query. */
@Module({
  imports: [CqrsModule, ReadYourWritesModule, AnalyticsSourceModule],
  controllers: [ListCustomersHttpController, GetCustomerHttpController, GetCustomerTimelineHttpController],
  providers: [ListCustomersHandler, GetCustomerHandler, GetCustomerTimelineHandler],
})
export class CustomerQueriesModule {}
