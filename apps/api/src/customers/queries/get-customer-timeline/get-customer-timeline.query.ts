import { Query } from '@nestjs/cqrs';
import type { TimelinePage } from './timeline-page.dto';

export class GetCustomerTimelineQuery extends Query<TimelinePage> {
  constructor(
    readonly customerId: string,
    readonly order: 'asc' | 'desc',
    readonly limit: number | undefined,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}
