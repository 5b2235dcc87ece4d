import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@lifeline/customers/application';
import type { CommandAnswerDto } from '../shared/command-answer.dto';
import type { RecordSurveyAnswerRequestDto } from './record-survey-answer.request.dto';

export class RecordSurveyAnswerCommand extends Command<CommandAnswerDto> {
  constructor(
    readonly customerId: string,
    readonly request: RecordSurveyAnswerRequestDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}
