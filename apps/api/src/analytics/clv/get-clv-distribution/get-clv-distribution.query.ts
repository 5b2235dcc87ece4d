import { Query } from '@nestjs/cqrs';
import type { ClvTimeUnit } from '../clv-model';
import type { ClvDistribution } from './clv-distribution';

export type ClvDistributionAnswer = ClvDistribution & {
  readonly modelId: string;
  readonly currency: string | null;
  readonly calibrationEnd: string;
  readonly timeUnit: ClvTimeUnit;
  readonly horizon: number;
  readonly segment: string | null;
};

export class GetClvDistributionQuery extends Query<ClvDistributionAnswer> {
  constructor(
    readonly top: number,
    readonly segment?: string,
  ) {
    super();
  }
}
