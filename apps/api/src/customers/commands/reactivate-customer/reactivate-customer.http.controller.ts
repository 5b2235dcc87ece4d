import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam } from '@nestjs/swagger';
import type { CommandContext } from '@lifeline/customers/application';
import { ApiCommand } from '../shared/api-command.decorator';
import { CommandAnswerDto } from '../shared/command-answer.dto';
import { RequestCommandContext } from '../shared/command-context';
import { EntityIdPipe } from '../shared/entity-id.pipe';
import { ENTITY_ID_PATTERN } from '../shared/validators';
import { ReactivateCustomerCommand } from './reactivate-customer.command';
import { ReactivateCustomerRequestDto } from './reactivate-customer.request.dto';
import { Access } from '../../../auth/access.decorator';

@Controller('customers')
export class ReactivateCustomerHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Access('writer')
  @Post(':customerId/reactivation')
  @ApiParam({ name: 'customerId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } })
  @ApiCommand({ summary: 'Win back a churned customer', answer: CommandAnswerDto, errors: [404, 409] })
  reactivate(
    @Param('customerId', EntityIdPipe) customerId: string,
    @Body() body: ReactivateCustomerRequestDto,
    @RequestCommandContext() context: CommandContext,
  ): Promise<CommandAnswerDto> {
    return this.commandBus.execute(new ReactivateCustomerCommand(customerId, body, context));
  }
}
