import { Query } from '@nestjs/cqrs';
import type { GranularityParam } from '../shared/query-params';
import type { RevenueGrouping } from './get-revenue.request.dto';
import type { RevenueReport } from './revenue-report';

export type RevenueAnswer = RevenueReport & { readonly asOf: string; readonly granularity: GranularityParam; readonly by: RevenueGrouping };

export class GetRevenueQuery extends Query<RevenueAnswer> {
  constructor(readonly options: { readonly asOf: string; readonly granularity: GranularityParam; readonly by: RevenueGrouping }) {
    super();
  }
}
