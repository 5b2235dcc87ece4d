import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam } from '@nestjs/swagger';
import type { CommandContext } from '@lifeline/customers/application';
import { ApiCommand } from '../shared/api-command.decorator';
import { RequestCommandContext } from '../shared/command-context';
import { EntityIdPipe } from '../shared/entity-id.pipe';
import { ENTITY_ID_PATTERN } from '../shared/validators';
import { ConsentRecordedAnswerDto } from './record-consent.answer.dto';
import { RecordConsentCommand } from './record-consent.command';
import { RecordConsentRequestDto } from './record-consent.request.dto';
import { Access } from '../../../auth/access.decorator';

@Controller('customers')
export class RecordConsentHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Access('writer')
  @Post(':customerId/consents')
  @ApiParam({ name: 'customerId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } })
  @ApiCommand({
    summary: 'Record that the customer gives or withdraws consent to be contacted for a purpose, on one channel or all',
    description:
      'Writes ConsentGiven or ConsentWithdrawn per channel whose consent changes. Giving a consent that stands (or withdrawing a withdrawn one) writes nothing and answers `recorded: 0`. ' +
      'Withdrawing a consent never given is recorded (an objection). A change dated before the current consent of that purpose and channel is refused (409 consent_change_before_current). ' +
      'Outbound contacts for the purpose on a withdrawn channel are then refused (409 consent_withdrawn).',
    answer: ConsentRecordedAnswerDto,
    errors: [404, 409],
  })
  record(
    @Param('customerId', EntityIdPipe) customerId: string,
    @Body() body: RecordConsentRequestDto,
    @RequestCommandContext() context: CommandContext,
  ): Promise<ConsentRecordedAnswerDto> {
    return this.commandBus.execute(new RecordConsentCommand(customerId, body, context));
  }
}
