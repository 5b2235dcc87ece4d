import { Injectable } from '@nestjs/common';
import { AnalyticsSource, type DatasetName } from '../shared/analytics-source';
import { SharedComputations } from '../shared/shared-computations';
import { AnalyticsPool } from './analytics-pool';
import { ANALYTICS_TASKS, type AnalyticsTaskName, type TaskParams, type TaskResult } from './analytics-tasks';
import type { EncodedDataset } from './encoded-dataset';

/**
 * How the request thread asks an analytics question: the datasets the task needs (cached,
 * scanned in pages that yield), computed on a worker thread; identical questions asked while
 * one is computed share that computation.
 */
@Injectable()
export class AnalyticsComputations {
  constructor(
    private readonly source: AnalyticsSource,
    private readonly pool: AnalyticsPool,
    private readonly shared: SharedComputations,
  ) {}

  /** Shared by identical concurrent questions (task and parameters). */
  run<N extends AnalyticsTaskName>(task: N, params: TaskParams<N>): Promise<TaskResult<N>> {
    return this.shared.share(`${task}:${JSON.stringify(params)}`, () => this.runAlone(task, params));
  }

  /** Not shared (a model fit: each request stores its own model). */
  async runAlone<N extends AnalyticsTaskName>(task: N, params: TaskParams<N>): Promise<TaskResult<N>> {
    const names = (ANALYTICS_TASKS[task].data as (p: TaskParams<N>) => readonly DatasetName[])(params);
    const datasets: Partial<Record<DatasetName, EncodedDataset>> = {};
    for (const name of names) datasets[name] = await this.source.dataset(name);
    const outcome = await this.pool.run({ task, params, datasets });
    return outcome.result as TaskResult<N>;
  }
}
