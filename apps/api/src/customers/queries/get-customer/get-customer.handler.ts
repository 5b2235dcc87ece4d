import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CUSTOMER_PROFILES } from '@lifeline/projections/profile';
import { READ_MODEL_STORE, type ReadModelStore } from '@lifeline/read-store/port';
import { ReadModelNotFoundError } from '../../../http/read-side-problems';
import { toCustomerView, type CustomerView, type StoredProfile } from '../shared/customer-view';
import { GetCustomerQuery } from './get-customer.query';

@QueryHandler(GetCustomerQuery)
export class GetCustomerHandler implements IQueryHandler<GetCustomerQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readStore: ReadModelStore) {}

  async execute({ customerId, asOf }: GetCustomerQuery): Promise<CustomerView> {
    const profile = await this.readStore.get<StoredProfile>(CUSTOMER_PROFILES, customerId);
    if (profile === undefined) throw new ReadModelNotFoundError(`customer ${customerId} is not known`);
    return toCustomerView(profile, asOf);
  }
}
