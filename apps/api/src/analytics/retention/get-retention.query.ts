import { Query } from '@nestjs/cqrs';
import type { CohortRetention } from '@lifeline/analytics/retention';
import type { GranularityParam } from '../shared/query-params';
import type { RetentionBasis } from './get-retention.request.dto';

export interface RetentionAnswer {
  readonly asOf: string;
  readonly granularity: GranularityParam;
  readonly basis: RetentionBasis;
  readonly segment: string | null;
  readonly channel: string | null;
  readonly customers: number;
  readonly cohorts: readonly CohortRetention[];
}

export class GetRetentionQuery extends Query<RetentionAnswer> {
  constructor(readonly filter: { readonly asOf: string; readonly granularity: GranularityParam; readonly basis: RetentionBasis; readonly segment?: string; readonly channel?: string }) {
    super();
  }
}
