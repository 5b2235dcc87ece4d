import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CustomerCommandService } from '@lifeline/customers/application';
import type { CommandAnswerDto } from '../shared/command-answer.dto';
import { nowIso } from '../shared/command-context';
import { RecordSurveyAnswerCommand } from './record-survey-answer.command';

@CommandHandler(RecordSurveyAnswerCommand)
export class RecordSurveyAnswerHandler implements ICommandHandler<RecordSurveyAnswerCommand> {
  constructor(private readonly customers: CustomerCommandService) {}

  async execute({ customerId, request, context }: RecordSurveyAnswerCommand): Promise<CommandAnswerDto> {
    const { occurredAt, ...payload } = request;
    const { revision, position } = await this.customers.execute(
      { type: 'RecordSurveyAnswer', customerId, issuedAt: nowIso(), ...(occurredAt !== undefined && { occurredAt }), payload },
      context,
    );
    return { customerId, revision, position };
  }
}
