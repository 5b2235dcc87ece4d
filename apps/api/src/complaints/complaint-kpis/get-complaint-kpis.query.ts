import { Query } from '@nestjs/cqrs';
import type { ComplaintCategory, ComplaintSeverity } from '@lifeline/customers/domain';
import type { ComplaintKpis } from '@lifeline/projections/complaints';

export class GetComplaintKpisQuery extends Query<ComplaintKpis> {
  constructor(
    readonly asOf: string,
    readonly overdueAfterDays: number,
    readonly category: ComplaintCategory | undefined,
    readonly severity: ComplaintSeverity | undefined,
  ) {
    super();
  }
}
