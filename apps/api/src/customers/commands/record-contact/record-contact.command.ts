import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@lifeline/customers/application';
import type { ContactRecordedAnswerDto } from '../shared/command-answer.dto';
import type { RecordContactRequestDto } from './record-contact.request.dto';

export class RecordContactCommand extends Command<ContactRecordedAnswerDto> {
  constructor(
    readonly customerId: string,
    readonly contactId: string,
    readonly request: Omit<RecordContactRequestDto, 'contactId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
