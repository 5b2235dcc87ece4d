/**
 * Compile-time check, run by `npm run typecheck` (nothing to execute): the answers of the
 * analytics endpoints whose OpenAPI operations have no response schema fit the shapes the
 * dashboard reads them as (apps/dashboard/src/api/analytics-answers.ts). When a controller's
 * answer changes so that the dashboard would misread it, this file stops compiling.
 */
import type { GetChurnHttpController } from '../../apps/api/src/analytics/churn/get-churn.http.controller';
import type { GetClvDistributionHttpController } from '../../apps/api/src/analytics/clv/get-clv-distribution/get-clv-distribution.http.controller';
import type { GetClvModelHttpController } from '../../apps/api/src/analytics/clv/get-clv-model/get-clv-model.http.controller';
import type { GetCustomerClvHttpController } from '../../apps/api/src/analytics/clv/get-customer-clv/get-customer-clv.http.controller';
import type { GetRetentionHttpController } from '../../apps/api/src/analytics/retention/get-retention.http.controller';
import type { GetRevenueHttpController } from '../../apps/api/src/analytics/revenue/get-revenue.http.controller';
import type { GetSurvivalHttpController } from '../../apps/api/src/analytics/survival/get-survival.http.controller';
import type { UndocumentedAnswers } from '../../apps/dashboard/src/api/analytics-answers';

type Answer<F> = F extends (...args: never[]) => Promise<infer A> ? A : never;
/** True when what the server sends can be read as what the dashboard expects. */
type Fits<Server, Dashboard> = [Server] extends [Dashboard] ? true : false;

type ServerAnswers = {
  '/analytics/retention': Answer<GetRetentionHttpController['retention']>;
  '/analytics/survival': Answer<GetSurvivalHttpController['survival']>;
  '/analytics/churn': Answer<GetChurnHttpController['churn']>;
  '/analytics/revenue': Answer<GetRevenueHttpController['revenue']>;
  '/analytics/clv/model': Answer<GetClvModelHttpController['model']>;
  '/analytics/clv': Answer<GetClvDistributionHttpController['distribution']>;
  '/customers/{customerId}/clv': Answer<GetCustomerClvHttpController['clv']>;
};

// Every hand-kept answer has its server counterpart, and each fits.
const everyAnswerChecked: { [P in keyof UndocumentedAnswers]: Fits<ServerAnswers[P], UndocumentedAnswers[P]> } = {
  '/analytics/retention': true,
  '/analytics/survival': true,
  '/analytics/churn': true,
  '/analytics/revenue': true,
  '/analytics/clv/model': true,
  '/analytics/clv': true,
  '/customers/{customerId}/clv': true,
};
void everyAnswerChecked;
