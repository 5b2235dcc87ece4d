import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandContext } from '@lifeline/customers/application';
import { ApiCommand } from '../shared/api-command.decorator';
import { CommandAnswerDto } from '../shared/command-answer.dto';
import { generatedId, RequestCommandContext } from '../shared/command-context';
import { AcquireCustomerCommand } from './acquire-customer.command';
import { AcquireCustomerRequestDto } from './acquire-customer.request.dto';
import { Access } from '../../../auth/access.decorator';

@Controller('customers')
export class AcquireCustomerHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Access('writer')
  @Post()
  @ApiCommand({ summary: 'Acquire a customer: the relationship starts', answer: CommandAnswerDto, errors: [409] })
  acquire(@Body() body: AcquireCustomerRequestDto, @RequestCommandContext() context: CommandContext): Promise<CommandAnswerDto> {
    const { customerId = generatedId(context, 'customerId'), ...request } = body;
    return this.commandBus.execute(new AcquireCustomerCommand(customerId, request, context));
  }
}
