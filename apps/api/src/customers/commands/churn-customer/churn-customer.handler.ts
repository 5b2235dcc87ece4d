import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CustomerCommandService } from '@lifeline/customers/application';
import type { CommandAnswerDto } from '../shared/command-answer.dto';
import { nowIso } from '../shared/command-context';
import { ChurnCustomerCommand } from './churn-customer.command';

@CommandHandler(ChurnCustomerCommand)
export class ChurnCustomerHandler implements ICommandHandler<ChurnCustomerCommand> {
  constructor(private readonly customers: CustomerCommandService) {}

  async execute({ customerId, request, context }: ChurnCustomerCommand): Promise<CommandAnswerDto> {
    const { occurredAt, reason } = request;
    const { revision, position } = await this.customers.execute(
      { type: 'ChurnCustomer', customerId, issuedAt: nowIso(), ...(occurredAt !== undefined && { occurredAt }), payload: { reason } },
      context,
    );
    return { customerId, revision, position };
  }
}
