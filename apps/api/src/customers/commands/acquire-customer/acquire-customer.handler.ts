import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CustomerCommandService } from '@lifeline/customers/application';
import type { CommandAnswerDto } from '../shared/command-answer.dto';
import { nowIso } from '../shared/command-context';
import { AcquireCustomerCommand } from './acquire-customer.command';

@CommandHandler(AcquireCustomerCommand)
export class AcquireCustomerHandler implements ICommandHandler<AcquireCustomerCommand> {
  constructor(private readonly customers: CustomerCommandService) {}

  async execute({ customerId, request, context }: AcquireCustomerCommand): Promise<CommandAnswerDto> {
    const { occurredAt, ...payload } = request;
    const { revision, position } = await this.customers.execute(
      { type: 'AcquireCustomer', customerId, issuedAt: nowIso(), ...(occurredAt !== undefined && { occurredAt }), payload },
      context,
    );
    return { customerId, revision, position };
  }
}
