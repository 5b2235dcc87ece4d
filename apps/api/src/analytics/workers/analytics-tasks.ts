import type { PurchaseHistory } from '@lifeline/projections/purchase-history';
import type { SatisfactionAnswer } from '@lifeline/projections/satisfaction';
import { churnAnswer } from '../churn/churn-answer';
import { clvFitTask } from '../clv/fit-clv-model/clv-fit-task';
import { clvDistribution } from '../clv/get-clv-distribution/clv-distribution';
import type { CustomerClvDocument } from '../clv/clv-store';
import { retentionAnswer } from '../retention/retention-answer';
import { revenueReport } from '../revenue/revenue-report';
import type { GetRevenueQuery, RevenueAnswer } from '../revenue/get-revenue.query';
import { satisfactionAnswer } from '../satisfaction/satisfaction-answer';
import { abcAnswer, rfmAnswer, rfmSegmentMembers } from '../segmentation/segmentation';
import type { CustomerFacts } from '../shared/customer-facts';
import type { DatasetName } from '../shared/analytics-source';
import { survivalAnswer } from '../survival/survival-answer';

/** The read models a task may read, decoded on first use (and cached per worker by version). */
export interface AnalyticsData {
  customers(): readonly CustomerFacts[];
  histories(): readonly PurchaseHistory[];
  satisfactionAnswers(): readonly SatisfactionAnswer[];
  clvScores(): readonly CustomerClvDocument[];
}

interface Task<P, R> {
  /** The datasets the request thread sends along (scanned and cached by AnalyticsSource). */
  readonly data: (params: P) => readonly DatasetName[];
  readonly run: (data: AnalyticsData, params: P) => R;
}
const task = <P, R>(data: Task<P, R>['data'], run: Task<P, R>['run']): Task<P, R> => ({ data, run });

/**
 * Everything the analytics compute, as pure functions of the read models and the question:
 * they run on the worker threads (analytics-worker.ts), never on the request thread.
 */
export const ANALYTICS_TASKS = {
  churn: task((): DatasetName[] => ['customers'], (d, params: Parameters<typeof churnAnswer>[1]) => churnAnswer(d.customers(), params)),
  retention: task(
    (params: Parameters<typeof retentionAnswer>[2]): DatasetName[] => (params.filter.basis === 'activity' ? ['customers', 'histories'] : ['customers']),
    (d, params) => retentionAnswer(d.customers(), () => d.histories(), params),
  ),
  survival: task(
    (params: Parameters<typeof survivalAnswer>[2]): DatasetName[] => (params.inactivityDays === undefined ? ['customers'] : ['customers', 'histories']),
    (d, params) => survivalAnswer(d.customers(), () => d.histories(), params),
  ),
  revenue: task(
    (): DatasetName[] => ['customers', 'histories'],
    (d, { options }: Pick<GetRevenueQuery, 'options'>): RevenueAnswer => ({
      asOf: options.asOf,
      granularity: options.granularity,
      by: options.by,
      ...revenueReport(d.customers(), d.histories(), options),
    }),
  ),
  satisfaction: task((): DatasetName[] => ['customers', 'satisfactionAnswers'], (d, params: Parameters<typeof satisfactionAnswer>[2]) => satisfactionAnswer(d.customers(), d.satisfactionAnswers(), params)),
  rfm: task((): DatasetName[] => ['histories'], (d, params: Parameters<typeof rfmAnswer>[1]) => rfmAnswer(d.histories(), params)),
  rfmSegmentMembers: task((): DatasetName[] => ['histories'], (d, params: Parameters<typeof rfmSegmentMembers>[1]) => rfmSegmentMembers(d.histories(), params)),
  abc: task((): DatasetName[] => ['customers', 'histories'], (d, params: Parameters<typeof abcAnswer>[2]) => abcAnswer(d.customers(), d.histories(), params)),
  clvDistribution: task(
    (): DatasetName[] => ['clvScores'],
    (d, { top, segment }: { top: number; segment?: string }) => clvDistribution(segment === undefined ? d.clvScores() : d.clvScores().filter((s) => s.segment === segment), top),
  ),
  clvFit: task((): DatasetName[] => ['histories', 'customers'], (d, params: Parameters<typeof clvFitTask>[2]) => clvFitTask(d.histories(), d.customers(), params)),
};

export type AnalyticsTaskName = keyof typeof ANALYTICS_TASKS;
export type TaskParams<N extends AnalyticsTaskName> = Parameters<(typeof ANALYTICS_TASKS)[N]['run']>[1];
export type TaskResult<N extends AnalyticsTaskName> = ReturnType<(typeof ANALYTICS_TASKS)[N]['run']>;
