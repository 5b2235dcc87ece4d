/**
 * The entry of an analytics worker thread (piscina loads it; see AnalyticsPool): decodes the
 * datasets it is sent, once per read-model version, and runs the named task on them.
 */
import { threadId } from 'node:worker_threads';
import type { DatasetName } from '../shared/analytics-source';
import { ANALYTICS_TASKS, type AnalyticsData, type AnalyticsTaskName } from './analytics-tasks';
import { decodeDataset, type EncodedDataset } from './encoded-dataset';

export interface AnalyticsTaskMessage {
  readonly task: AnalyticsTaskName;
  readonly params: unknown;
  readonly datasets: Partial<Record<DatasetName, EncodedDataset>>;
}

export interface AnalyticsTaskOutcome {
  readonly result: unknown;
  /** The worker thread that computed it (never the request thread's). */
  readonly threadId: number;
  readonly computeMs: number;
}

/** The last decoded version of each dataset: a dashboard's questions in a row parse it once. */
const decoded = new Map<DatasetName, { key: string; items: readonly unknown[] }>();

function dataOf(datasets: AnalyticsTaskMessage['datasets']): AnalyticsData {
  const items = <T>(name: DatasetName): readonly T[] => {
    const dataset = datasets[name];
    if (dataset === undefined) throw new Error(`the ${name} dataset was not sent with the task`);
    const cached = decoded.get(name);
    if (cached?.key === dataset.key) return cached.items as readonly T[];
    const fresh = decodeDataset<T>(dataset);
    decoded.set(name, { key: dataset.key, items: fresh });
    return fresh;
  };
  return {
    customers: () => items('customers'),
    histories: () => items('histories'),
    satisfactionAnswers: () => items('satisfactionAnswers'),
    clvScores: () => items('clvScores'),
  };
}

export default function runAnalyticsTask({ task, params, datasets }: AnalyticsTaskMessage): AnalyticsTaskOutcome {
  const started = performance.now();
  const definition = ANALYTICS_TASKS[task] as { run: (data: AnalyticsData, params: unknown) => unknown } | undefined;
  if (definition === undefined) throw new Error(`unknown analytics task ${String(task)}`);
  const result = definition.run(dataOf(datasets), params);
  return { result, threadId, computeMs: performance.now() - started };
}
