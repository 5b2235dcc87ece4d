import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { LifelineConfig } from '@lifeline/config';
import { complaintDueTimes } from '@lifeline/customers/domain';
import { COMPLAINTS, type ComplaintDoc } from '@lifeline/projections/complaints';
import { CUSTOMER_PROFILES } from '@lifeline/projections/profile';
import { READ_MODEL_STORE, UnknownCollectionError, type ReadModelStore, type StoredDocument } from '@lifeline/read-store/port';
import { complaintSlaPolicy } from '../../../complaints/sla-policy';
import { LIFELINE_CONFIG } from '../../../config/lifeline-config.module';
import { ReadModelNotFoundError } from '../../../http/read-side-problems';
import { toCustomerView, type StoredProfile } from '../shared/customer-view';


import { GetCustomerQuery, type CustomerDetailView, type OpenComplaintView } from './get-customer.query';

@QueryHandler(GetCustomerQuery)
export class GetCustomerHandler implements IQueryHandler<GetCustomerQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readStore: ReadModelStore,
    @Inject(LIFELINE_CONFIG) private readonly config: LifelineConfig,
  ) {}

  async execute({ customerId, asOf }: GetCustomerQuery): Promise<CustomerDetailView> {
    const profile = await this.readStore.get<StoredProfile>(CUSTOMER_PROFILES, customerId);
    if (profile === undefined) throw new ReadModelNotFoundError(`customer ${customerId} is not known`);
    return { ...toCustomerView(profile, asOf), openComplaints: await this.openComplaints(customerId, asOf) };
  }

  private async openComplaints(customerId: string, asOf: string): Promise<OpenComplaintView[]> {
    const policy = complaintSlaPolicy(this.config);
    const open: OpenComplaintView[] = [];
    try {
      for await (const doc of this.readStore.scan<StoredDocument & ComplaintDoc>(COMPLAINTS, { filter: { customerId, status: 'open' } })) {
        const [acknowledgement, resolution] = complaintDueTimes(
          { ...doc, acknowledgedAt: doc.acknowledgedAt ?? null, reopenedAt: doc.reopenedAt ?? null },
          policy,
        );
        const due = [acknowledgement.metAt === null ? acknowledgement.dueAt : null, resolution.dueAt].filter((d): d is string => d !== null);
        open.push({
          complaintId: doc.complaintId,
          category: doc.category,
          severity: doc.severity,
          channel: doc.channel,
          filedAt: doc.filedAt,
          acknowledgedAt: doc.acknowledgedAt ?? null,
          acknowledgementDueAt: acknowledgement.metAt === null ? acknowledgement.dueAt : null,
          resolutionDueAt: resolution.dueAt,
          overdue: due.some((d) => Date.parse(d) < Date.parse(asOf)),
          assignedAgent: doc.assignedAgent ?? null,
          assignedTeam: doc.assignedTeam ?? null,
          escalationLevel: doc.escalationLevel ?? 0,
          reopenCount: doc.reopenCount ?? 0,
        });
      }
    } catch (error) {
      if (!(error instanceof UnknownCollectionError)) throw error;
    }
    return open.sort((a, b) => Date.parse(a.resolutionDueAt) - Date.parse(b.resolutionDueAt) || (a.complaintId < b.complaintId ? -1 : 1));
  }
}
