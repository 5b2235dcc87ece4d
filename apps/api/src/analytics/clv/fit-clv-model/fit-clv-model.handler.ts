import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { setImmediate } from 'node:timers/promises';
import { ProblemError } from '../../../http/problem-details';
import { AnalyticsSource } from '../../shared/analytics-source';
import { AnalyticsComputations } from '../../workers/analytics-computations';
import type { ClvModel } from '../clv-model';
import { ClvStore, type CustomerClvDocument } from '../clv-store';
import { FitClvModelCommand } from './fit-clv-model.command';

@CommandHandler(FitClvModelCommand)
export class FitClvModelHandler implements ICommandHandler<FitClvModelCommand> {
  /** Fits run one at a time, so two operators clicking at once get two whole models, not a mix of scores. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: AnalyticsSource,
    private readonly computations: AnalyticsComputations,
    private readonly store: ClvStore,
  ) {}

  execute({ request }: FitClvModelCommand): Promise<ClvModel> {
    const run = this.queue.then(() => this.fit(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async fit(request: FitClvModelCommand['request']): Promise<ClvModel> {
    const basedOnPosition = await this.source.purchaseHistoriesPosition();
    const fittedAt = new Date().toISOString();
    // The fit (seconds for tens of thousands of customers) runs on a worker thread.
    const outcome = await this.computations.runAlone('clvFit', { request, meta: { modelId: `clv-${fittedAt}`, fittedAt, basedOnPosition } });
    if (!outcome.fitted) {
      throw new ProblemError({ type: '/problems/clv-model-not-fittable', title: 'No lifetime-value model can be fitted to this data', status: 422, detail: outcome.reason });
    }
    const scores: CustomerClvDocument[] = [];
    for (const chunk of outcome.scoreChunks) {
      for (const score of JSON.parse(chunk) as CustomerClvDocument[]) scores.push(score);
      await setImmediate();
    }
    await this.store.save(outcome.model, scores);
    return outcome.model;
  }
}
