import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@lifeline/customers/application';
import type { PurchaseRecordedAnswerDto } from '../shared/command-answer.dto';

export class RecordPurchaseCommand extends Command<PurchaseRecordedAnswerDto> {
  constructor(
    readonly customerId: string,
    readonly orderId: string,
    /** Integer minor units of `currency`. */
    readonly amount: number,
    readonly currency: string,
    readonly occurredAt: string | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
