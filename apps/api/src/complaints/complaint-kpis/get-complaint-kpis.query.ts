import { Query } from '@nestjs/cqrs';
import type { ComplaintCategory, ComplaintSeverity } from '@lifeline/customers/domain';
import type { ComplaintKpis, ComplaintServiceLevels } from '@lifeline/projections/complaints';

export type ComplaintKpisAnswer = ComplaintKpis & { readonly serviceLevels: ComplaintServiceLevels };

export class GetComplaintKpisQuery extends Query<ComplaintKpisAnswer> {
  constructor(
    readonly asOf: string,
    readonly overdueAfterDays: number,
    readonly category: ComplaintCategory | undefined,
    readonly severity: ComplaintSeverity | undefined,
  ) {
    super();
  }
}
