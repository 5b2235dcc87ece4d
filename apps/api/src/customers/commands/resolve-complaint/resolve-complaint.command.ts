import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@lifeline/customers/application';
import type { CommandAnswerDto } from '../shared/command-answer.dto';
import type { ResolveComplaintRequestDto } from './resolve-complaint.request.dto';

export class ResolveComplaintCommand extends Command<CommandAnswerDto> {
  constructor(
    readonly customerId: string,
    readonly complaintId: string,
    readonly request: ResolveComplaintRequestDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}
