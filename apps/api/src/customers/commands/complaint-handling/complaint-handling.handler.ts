import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CustomerCommandService } from '@lifeline/customers/application';
import type { CustomerCommand } from '@lifeline/customers/domain';
import type { CommandAnswerDto } from '../shared/command-answer.dto';
import { nowIso } from '../shared/command-context';
import { HandleComplaintCommand } from './complaint-handling.command';

@CommandHandler(HandleComplaintCommand)
export class ComplaintHandlingHandler implements ICommandHandler<HandleComplaintCommand> {
  constructor(private readonly customers: CustomerCommandService) {}

  async execute({ step, customerId, complaintId, payload, occurredAt, context }: HandleComplaintCommand): Promise<CommandAnswerDto> {
    const command = {
      type: step,
      customerId,
      issuedAt: nowIso(),
      ...(occurredAt !== undefined && { occurredAt }),
      payload: { complaintId, ...payload },
    } as CustomerCommand;
    const { revision, position } = await this.customers.execute(command, context);
    return { customerId, revision, position };
  }
}
