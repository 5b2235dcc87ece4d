/**
 * Every API path the dashboard's browser script calls, as the OpenAPI document spells it.
 * The script reads them from here (it is generated with this object inlined), and the e2e
 * test checks each against /docs-json, so the page cannot drift from the API unnoticed.
 */
export const DASHBOARD_API_PATHS = {
  projections: '/projections',
  retention: '/analytics/retention',
  survival: '/analytics/survival',
  churn: '/analytics/churn',
  revenue: '/analytics/revenue',
  complaints: '/analytics/complaints',
  clvModel: '/analytics/clv/model',
  clvDistribution: '/analytics/clv',
  customer: '/customers/{customerId}',
  customerTimeline: '/customers/{customerId}/timeline',
  customerClv: '/customers/{customerId}/clv',
} as const;

/** Where the dashboard and its assets are served. */
export const DASHBOARD_PATH = '/dashboard';
export const DASHBOARD_ASSETS_PATH = `${DASHBOARD_PATH}/assets`;
