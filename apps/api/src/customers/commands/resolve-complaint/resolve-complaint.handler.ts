import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CustomerCommandService } from '@lifeline/customers/application';
import type { CommandAnswerDto } from '../shared/command-answer.dto';
import { nowIso } from '../shared/command-context';
import { ResolveComplaintCommand } from './resolve-complaint.command';

@CommandHandler(ResolveComplaintCommand)
export class ResolveComplaintHandler implements ICommandHandler<ResolveComplaintCommand> {
  constructor(private readonly customers: CustomerCommandService) {}

  async execute({ customerId, complaintId, request, context }: ResolveComplaintCommand): Promise<CommandAnswerDto> {
    const { occurredAt, ...rest } = request;
    const { revision, position } = await this.customers.execute(
      { type: 'ResolveComplaint', customerId, issuedAt: nowIso(), ...(occurredAt !== undefined && { occurredAt }), payload: { complaintId, ...rest } },
      context,
    );
    return { customerId, revision, position };
  }
}
