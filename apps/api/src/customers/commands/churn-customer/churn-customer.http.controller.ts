import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam } from '@nestjs/swagger';
import type { CommandContext } from '@lifeline/customers/application';
import { ApiCommand } from '../shared/api-command.decorator';
import { CommandAnswerDto } from '../shared/command-answer.dto';
import { RequestCommandContext } from '../shared/command-context';
import { EntityIdPipe } from '../shared/entity-id.pipe';
import { ENTITY_ID_PATTERN } from '../shared/validators';
import { ChurnCustomerCommand } from './churn-customer.command';
import { ChurnCustomerRequestDto } from './churn-customer.request.dto';
import { Access } from '../../../auth/access.decorator';

@Controller('customers')
export class ChurnCustomerHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Access('writer')
  @Post(':customerId/churn')
  @ApiParam({ name: 'customerId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } })
  @ApiCommand({ summary: 'Record that an active customer churned', answer: CommandAnswerDto, errors: [404, 409] })
  churn(
    @Param('customerId', EntityIdPipe) customerId: string,
    @Body() body: ChurnCustomerRequestDto,
    @RequestCommandContext() context: CommandContext,
  ): Promise<CommandAnswerDto> {
    return this.commandBus.execute(new ChurnCustomerCommand(customerId, body, context));
  }
}
