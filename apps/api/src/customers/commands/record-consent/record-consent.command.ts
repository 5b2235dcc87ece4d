import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@lifeline/customers/application';
import type { ConsentRecordedAnswerDto } from './record-consent.answer.dto';
import type { RecordConsentRequestDto } from './record-consent.request.dto';

export class RecordConsentCommand extends Command<ConsentRecordedAnswerDto> {
  constructor(
    readonly customerId: string,
    readonly request: RecordConsentRequestDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}
