import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@lifeline/customers/application';
import type { ComplaintFiledAnswerDto } from '../shared/command-answer.dto';
import type { FileComplaintRequestDto } from './file-complaint.request.dto';

export class FileComplaintCommand extends Command<ComplaintFiledAnswerDto> {
  constructor(
    readonly customerId: string,
    readonly complaintId: string,
    readonly request: Omit<FileComplaintRequestDto, 'complaintId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
