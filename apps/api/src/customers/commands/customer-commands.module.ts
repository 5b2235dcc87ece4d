import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { LifelineConfig } from '@lifeline/config';
import { CustomerCommandService } from '@lifeline/customers/application';
import { EVENT_STORE, type EventStore } from '@lifeline/event-store/port';
import { LIFELINE_CONFIG } from '../../config/lifeline-config.module';
import { IdempotencyInterceptor } from '../../http/idempotency.interceptor';
import { LifelineMetrics } from '../../telemetry/lifeline-metrics';
import { AcquireCustomerHandler } from './acquire-customer/acquire-customer.handler';
import { AcquireCustomerHttpController } from './acquire-customer/acquire-customer.http.controller';
import { ChurnCustomerHandler } from './churn-customer/churn-customer.handler';
import { ComplaintHandlingHandler } from './complaint-handling/complaint-handling.handler';
import { ComplaintHandlingHttpController } from './complaint-handling/complaint-handling.http.controller';
import { RecordSurveyAnswerHandler } from './record-survey-answer/record-survey-answer.handler';
import { RecordSurveyAnswerHttpController } from './record-survey-answer/record-survey-answer.http.controller';
import { ChurnCustomerHttpController } from './churn-customer/churn-customer.http.controller';
import { FileComplaintHandler } from './file-complaint/file-complaint.handler';
import { FileComplaintHttpController } from './file-complaint/file-complaint.http.controller';
import { ReactivateCustomerHandler } from './reactivate-customer/reactivate-customer.handler';
import { ReactivateCustomerHttpController } from './reactivate-customer/reactivate-customer.http.controller';
import { RecordConsentHandler } from './record-consent/record-consent.handler';
import { RecordConsentHttpController } from './record-consent/record-consent.http.controller';
import { RecordContactHandler } from './record-contact/record-contact.handler';
import { RecordContactHttpController } from './record-contact/record-contact.http.controller';
import { RecordPurchaseHandler } from './record-purchase/record-purchase.handler';
import { RecordPurchaseHttpController } from './record-purchase/record-purchase.http.controller';
import { ResolveComplaintHandler } from './resolve-complaint/resolve-complaint.handler';
import { ResolveComplaintHttpController } from './resolve-complaint/resolve-complaint.http.controller';

/** The write side over HTTP: one controller and one handler per command. */
@Module({
  imports: [CqrsModule],
  controllers: [
    AcquireCustomerHttpController,
    RecordContactHttpController,
    FileComplaintHttpController,
    ResolveComplaintHttpController,
    RecordPurchaseHttpController,
    ChurnCustomerHttpController,
    ReactivateCustomerHttpController,
    ComplaintHandlingHttpController,
    RecordSurveyAnswerHttpController,
    RecordConsentHttpController,
  ],
  providers: [
    {
      provide: CustomerCommandService,
      useFactory: (eventStore: EventStore, config: LifelineConfig, metrics: LifelineMetrics) =>
        new CustomerCommandService(eventStore, {
          currency: config.currency,
          reopenWindowDays: config.complaints.reopenWindowDays,
          onAppendTimed: (seconds) => metrics.appendDuration.observe(seconds),
          groupCommit: true,
        }),
      inject: [EVENT_STORE, LIFELINE_CONFIG, LifelineMetrics],
    },
    IdempotencyInterceptor,
    AcquireCustomerHandler,
    RecordContactHandler,
    FileComplaintHandler,
    ResolveComplaintHandler,
    RecordPurchaseHandler,
    ChurnCustomerHandler,
    ReactivateCustomerHandler,
    ComplaintHandlingHandler,
    RecordSurveyAnswerHandler,
    RecordConsentHandler,
  ],
  // The erasure (personal-data module) records CustomerErased through the same service and its per-customer queue.
  exports: [CustomerCommandService],
})
export class CustomerCommandsModule {}
