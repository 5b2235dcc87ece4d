import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AnalyticsComputations } from '../workers/analytics-computations';
import { GetSurvivalQuery, type SurvivalAnswer } from './get-survival.query';

@QueryHandler(GetSurvivalQuery)
export class GetSurvivalHandler implements IQueryHandler<GetSurvivalQuery> {
  constructor(private readonly computations: AnalyticsComputations) {}

  /** On a worker thread; identical questions asked at the same time share one answer. */
  execute({ filter, unit, by, inactivityDays }: GetSurvivalQuery): Promise<SurvivalAnswer> {
    return this.computations.run('survival', { filter, unit, by, inactivityDays });
  }
}
