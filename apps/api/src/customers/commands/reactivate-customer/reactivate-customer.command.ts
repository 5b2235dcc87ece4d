import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@lifeline/customers/application';
import type { CommandAnswerDto } from '../shared/command-answer.dto';
import type { ReactivateCustomerRequestDto } from './reactivate-customer.request.dto';

export class ReactivateCustomerCommand extends Command<CommandAnswerDto> {
  constructor(
    readonly customerId: string,
    readonly request: ReactivateCustomerRequestDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}
