import { Query } from '@nestjs/cqrs';
import type { CustomerView } from '../shared/customer-view';

export class GetCustomerQuery extends Query<CustomerView> {
  constructor(
    readonly customerId: string,
    /** The time tenure is computed to. */
    readonly asOf: string,
  ) {
    super();
  }
}
