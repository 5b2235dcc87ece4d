import { Query } from '@nestjs/cqrs';
import type { PeriodChurn, RelationshipLength } from '@lifeline/analytics/retention';
import type { GranularityParam } from '../shared/query-params';

export interface ChurnAnswer {
  readonly asOf: string;
  readonly granularity: GranularityParam;
  readonly segment: string | null;
  readonly channel: string | null;
  /** Fully ended calendar periods: churn events in the period / customers active at its start. */
  readonly periods: readonly PeriodChurn[];
  /** Days from acquisition to the churn in force at asOf; active customers censored at asOf. */
  readonly relationshipLength: RelationshipLength;
}

export class GetChurnQuery extends Query<ChurnAnswer> {
  constructor(readonly filter: { readonly asOf: string; readonly granularity: GranularityParam; readonly segment?: string; readonly channel?: string }) {
    super();
  }
}
