import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CustomerCommandService } from '@lifeline/customers/application';
import type { ComplaintFiledAnswerDto } from '../shared/command-answer.dto';
import { nowIso } from '../shared/command-context';
import { FileComplaintCommand } from './file-complaint.command';

@CommandHandler(FileComplaintCommand)
export class FileComplaintHandler implements ICommandHandler<FileComplaintCommand> {
  constructor(private readonly customers: CustomerCommandService) {}

  async execute({ customerId, complaintId, request, context }: FileComplaintCommand): Promise<ComplaintFiledAnswerDto> {
    const { occurredAt, ...rest } = request;
    const { revision, position } = await this.customers.execute(
      { type: 'FileComplaint', customerId, issuedAt: nowIso(), ...(occurredAt !== undefined && { occurredAt }), payload: { complaintId, ...rest } },
      context,
    );
    return { customerId, revision, position, complaintId };
  }
}
