import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam } from '@nestjs/swagger';
import type { CommandContext } from '@lifeline/customers/application';
import { parseAmountToMinorUnits } from '@lifeline/customers/domain';
import { ApiCommand } from '../shared/api-command.decorator';
import { PurchaseRecordedAnswerDto } from '../shared/command-answer.dto';
import { generatedId, RequestCommandContext } from '../shared/command-context';
import { EntityIdPipe } from '../shared/entity-id.pipe';
import { ENTITY_ID_PATTERN } from '../shared/validators';
import { RecordPurchaseCommand } from './record-purchase.command';
import { RecordPurchaseRequestDto } from './record-purchase.request.dto';
import { Access } from '../../../auth/access.decorator';

@Controller('customers')
export class RecordPurchaseHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Access('writer')
  @Post(':customerId/purchases')
  @ApiParam({ name: 'customerId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } })
  @ApiCommand({ summary: 'Record a purchase by an active customer', answer: PurchaseRecordedAnswerDto, errors: [404, 409, 422] })
  record(
    @Param('customerId', EntityIdPipe) customerId: string,
    @Body() body: RecordPurchaseRequestDto,
    @RequestCommandContext() context: CommandContext,
  ): Promise<PurchaseRecordedAnswerDto> {
    const orderId = body.orderId ?? generatedId(context, 'orderId');
    const amount = parseAmountToMinorUnits(body.amount);
    return this.commandBus.execute(new RecordPurchaseCommand(customerId, orderId, amount, body.currency, body.occurredAt, context));
  }
}
