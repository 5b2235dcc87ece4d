import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@lifeline/customers/application';
import type { CommandAnswerDto } from '../shared/command-answer.dto';
import type { ChurnCustomerRequestDto } from './churn-customer.request.dto';

export class ChurnCustomerCommand extends Command<CommandAnswerDto> {
  constructor(
    readonly customerId: string,
    readonly request: ChurnCustomerRequestDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}
