import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@lifeline/customers/application';
import type { CommandAnswerDto } from '../shared/command-answer.dto';
import type { AcquireCustomerRequestDto } from './acquire-customer.request.dto';

export class AcquireCustomerCommand extends Command<CommandAnswerDto> {
  constructor(
    readonly customerId: string,
    readonly request: Omit<AcquireCustomerRequestDto, 'customerId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
