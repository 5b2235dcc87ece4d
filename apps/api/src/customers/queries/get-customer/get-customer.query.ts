import { Query } from '@nestjs/cqrs';
import type { CustomerView } from '../shared/customer-view';

/** One open complaint on the profile, with its service-level due times under the policy in force. */
export interface OpenComplaintView {
  readonly complaintId: string;
  readonly category: string;
  readonly severity: string;
  readonly channel: string;
  readonly filedAt: string;
  readonly acknowledgedAt: string | null;
  /** null once acknowledged. */
  readonly acknowledgementDueAt: string | null;
  /** Of the current resolution cycle (from the filing, or the latest reopening). */
  readonly resolutionDueAt: string;
  readonly overdue: boolean;
  readonly assignedAgent: string | null;
  readonly assignedTeam: string | null;
  readonly escalationLevel: number;
  readonly reopenCount: number;
}

export type CustomerDetailView = CustomerView & { readonly openComplaints: readonly OpenComplaintView[] };

export class GetCustomerQuery extends Query<CustomerDetailView> {
  constructor(
    readonly customerId: string,
    /** The time tenure is computed to. */
    readonly asOf: string,
  ) {
    super();
  }
}
