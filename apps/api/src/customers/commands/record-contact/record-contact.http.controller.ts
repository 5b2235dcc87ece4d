import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam } from '@nestjs/swagger';
import type { CommandContext } from '@lifeline/customers/application';
import { ApiCommand } from '../shared/api-command.decorator';
import { ContactRecordedAnswerDto } from '../shared/command-answer.dto';
import { generatedId, RequestCommandContext } from '../shared/command-context';
import { EntityIdPipe } from '../shared/entity-id.pipe';
import { ENTITY_ID_PATTERN } from '../shared/validators';
import { RecordContactCommand } from './record-contact.command';
import { RecordContactRequestDto } from './record-contact.request.dto';
import { Access } from '../../../auth/access.decorator';

@Controller('customers')
export class RecordContactHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Access('writer')
  @Post(':customerId/contacts')
  @ApiParam({ name: 'customerId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } })
  @ApiCommand({ summary: 'Record a contact with the customer (either direction, also while churned)', answer: ContactRecordedAnswerDto, errors: [404, 409] })
  record(
    @Param('customerId', EntityIdPipe) customerId: string,
    @Body() body: RecordContactRequestDto,
    @RequestCommandContext() context: CommandContext,
  ): Promise<ContactRecordedAnswerDto> {
    const { contactId = generatedId(context, 'contactId'), ...request } = body;
    return this.commandBus.execute(new RecordContactCommand(customerId, contactId, request, context));
  }
}
