import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ProblemError } from '../../../http/problem-details';
import { AnalyticsSource } from '../../shared/analytics-source';
import { NO_SEGMENT } from '../../shared/lifecycle-filter';
import { ClvFitError, fitClvModel, recordedChurnsOf, type ClvModel } from '../clv-model';
import { ClvStore } from '../clv-store';
import { FitClvModelCommand } from './fit-clv-model.command';

@CommandHandler(FitClvModelCommand)
export class FitClvModelHandler implements ICommandHandler<FitClvModelCommand> {
  /** Fits run one at a time, so two operators clicking at once get two whole models, not a mix of scores. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: AnalyticsSource,
    private readonly store: ClvStore,
  ) {}

  execute({ request }: FitClvModelCommand): Promise<ClvModel> {
    const run = this.queue.then(() => this.fit(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async fit(request: FitClvModelCommand['request']): Promise<ClvModel> {
    const basedOnPosition = await this.source.purchaseHistoriesPosition();
    const [histories, customers] = await Promise.all([this.source.purchaseHistories(), this.source.customers()]);
    const fittedAt = new Date().toISOString();
    let fitted: ReturnType<typeof fitClvModel>;
    try {
      fitted = fitClvModel(histories, request, { modelId: `clv-${fittedAt}`, fittedAt, basedOnPosition }, recordedChurnsOf(customers));
    } catch (error) {
      if (error instanceof ClvFitError) {
        throw new ProblemError({ type: '/problems/clv-model-not-fittable', title: 'No lifetime-value model can be fitted to this data', status: 422, detail: error.message });
      }
      throw error;
    }
    const segmentOf = new Map(customers.map((c) => [c.customerId, c.segment ?? NO_SEGMENT]));
    await this.store.save(
      fitted.model,
      fitted.scores.map((score) => ({ ...score, segment: segmentOf.get(score.customerId) ?? NO_SEGMENT, currency: fitted.model.currency })),
    );
    return fitted.model;
  }
}

