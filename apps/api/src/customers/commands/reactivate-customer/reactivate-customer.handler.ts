import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CustomerCommandService } from '@lifeline/customers/application';
import type { CommandAnswerDto } from '../shared/command-answer.dto';
import { nowIso } from '../shared/command-context';
import { ReactivateCustomerCommand } from './reactivate-customer.command';

@CommandHandler(ReactivateCustomerCommand)
export class ReactivateCustomerHandler implements ICommandHandler<ReactivateCustomerCommand> {
  constructor(private readonly customers: CustomerCommandService) {}

  async execute({ customerId, request, context }: ReactivateCustomerCommand): Promise<CommandAnswerDto> {
    const { occurredAt, channel } = request;
    const { revision, position } = await this.customers.execute(
      {
        type: 'ReactivateCustomer',
        customerId,
        issuedAt: nowIso(),
        ...(occurredAt !== undefined && { occurredAt }),
        payload: { ...(channel !== undefined && { channel }) },
      },
      context,
    );
    return { customerId, revision, position };
  }
}
