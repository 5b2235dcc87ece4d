import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { complaintKpis, COMPLAINTS, type ComplaintDoc, type ComplaintKpis } from '@lifeline/projections/complaints';
import { READ_MODEL_STORE, type ReadModelStore, type StoredDocument } from '@lifeline/read-store/port';
import { GetComplaintKpisQuery } from './get-complaint-kpis.query';

const HOURS_PER_DAY = 24;

@QueryHandler(GetComplaintKpisQuery)
export class GetComplaintKpisHandler implements IQueryHandler<GetComplaintKpisQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readStore: ReadModelStore) {}

  async execute({ asOf, overdueAfterDays, category, severity }: GetComplaintKpisQuery): Promise<ComplaintKpis> {
    const asOfUtc = new Date(asOf).toISOString();
    // Narrowed in the store (indexed fields); complaintKpis applies the as-of rules to what is left.
    const docs: ComplaintDoc[] = [];
    const scan = this.readStore.scan<StoredDocument & ComplaintDoc>(COMPLAINTS, {
      filter: { filedAt: { $lte: asOfUtc }, ...(category !== undefined && { category }), ...(severity !== undefined && { severity }) },
    });
    for await (const doc of scan) docs.push(doc);
    return complaintKpis(docs, { asOf: asOfUtc, openOlderThanHours: overdueAfterDays * HOURS_PER_DAY });
  }
}
