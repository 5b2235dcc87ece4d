import { Module } from '@nestjs/common';
import { GetChurnHandler } from './churn/get-churn.handler';
import { GetChurnHttpController } from './churn/get-churn.http.controller';
import { ClvStore } from './clv/clv-store';
import { FitClvModelHandler } from './clv/fit-clv-model/fit-clv-model.handler';
import { FitClvModelHttpController } from './clv/fit-clv-model/fit-clv-model.http.controller';
import { GetClvDistributionHandler } from './clv/get-clv-distribution/get-clv-distribution.handler';
import { GetClvDistributionHttpController } from './clv/get-clv-distribution/get-clv-distribution.http.controller';
import { GetClvModelHandler } from './clv/get-clv-model/get-clv-model.handler';
import { GetClvModelHttpController } from './clv/get-clv-model/get-clv-model.http.controller';
import { GetCustomerClvHandler } from './clv/get-customer-clv/get-customer-clv.handler';
import { GetCustomerClvHttpController } from './clv/get-customer-clv/get-customer-clv.http.controller';
import { GetRetentionHandler } from './retention/get-retention.handler';
import { GetRetentionHttpController } from './retention/get-retention.http.controller';
import { GetRevenueHandler } from './revenue/get-revenue.handler';
import { GetRevenueHttpController } from './revenue/get-revenue.http.controller';
import { GetSatisfactionHandler } from './satisfaction/get-satisfaction.handler';
import { GetSatisfactionHttpController } from './satisfaction/get-satisfaction.http.controller';
import { GetAbcHttpController } from './segmentation/get-abc.http.controller';
import { GetRfmHttpController } from './segmentation/get-rfm.http.controller';
import { AnalyticsSourceModule } from './shared/analytics-source.module';
import { GetSurvivalHandler } from './survival/get-survival.handler';
import { GetSurvivalHttpController } from './survival/get-survival.http.controller';

/** Analytics: retention, survival, churn, historical and predicted lifetime value, from the read models. */
@Module({
  imports: [AnalyticsSourceModule],
  controllers: [
    GetRetentionHttpController,
    GetSurvivalHttpController,
    GetChurnHttpController,
    GetRevenueHttpController,
    FitClvModelHttpController,
    GetClvModelHttpController,
    GetClvDistributionHttpController,
    GetCustomerClvHttpController,
    GetSatisfactionHttpController,
    GetRfmHttpController,
    GetAbcHttpController,
  ],
  providers: [
    ClvStore,
    GetRetentionHandler,
    GetSurvivalHandler,
    GetChurnHandler,
    GetRevenueHandler,
    FitClvModelHandler,
    GetClvModelHandler,
    GetClvDistributionHandler,
    GetCustomerClvHandler,
    GetSatisfactionHandler,
  ],
})
export class AnalyticsModule {}
