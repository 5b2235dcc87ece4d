import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { setImmediate } from 'node:timers/promises';
import type { LifelineConfig } from '@lifeline/config';
import { complaintKpis, complaintServiceLevels, COMPLAINTS, type ComplaintDoc } from '@lifeline/projections/complaints';
import { READ_MODEL_STORE, type ReadModelStore, type StoredDocument } from '@lifeline/read-store/port';
import { LIFELINE_CONFIG } from '../../config/lifeline-config.module';
import { complaintSlaPolicy } from '../sla-policy';
import { GetComplaintKpisQuery, type ComplaintKpisAnswer } from './get-complaint-kpis.query';

const HOURS_PER_DAY = 24;
const SCAN_PAGE = 500;

@QueryHandler(GetComplaintKpisQuery)
export class GetComplaintKpisHandler implements IQueryHandler<GetComplaintKpisQuery> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readStore: ReadModelStore,
    @Inject(LIFELINE_CONFIG) private readonly config: LifelineConfig,
  ) {}

  async execute({ asOf, overdueAfterDays, category, severity }: GetComplaintKpisQuery): Promise<ComplaintKpisAnswer> {
    const asOfUtc = new Date(asOf).toISOString();
    // Narrowed in the store (indexed fields); complaintKpis applies the as-of rules to what is left.
    const docs: ComplaintDoc[] = [];
    const scan = this.readStore.scan<StoredDocument & ComplaintDoc>(COMPLAINTS, {
      filter: { filedAt: { $lte: asOfUtc }, ...(category !== undefined && { category }), ...(severity !== undefined && { severity }) },
      batchSize: SCAN_PAGE,
    });
    for await (const doc of scan) {
      // A page arrives through microtasks only; a turn of the event loop per page lets other requests in.
      if (docs.push(doc) % SCAN_PAGE === 0) await setImmediate();
    }
    return {
      ...complaintKpis(docs, { asOf: asOfUtc, openOlderThanHours: overdueAfterDays * HOURS_PER_DAY }),
      serviceLevels: complaintServiceLevels(docs, { asOf: asOfUtc, policy: complaintSlaPolicy(this.config) }),
    };
  }
}
