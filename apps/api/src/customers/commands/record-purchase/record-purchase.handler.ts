import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CustomerCommandService } from '@lifeline/customers/application';
import type { PurchaseRecordedAnswerDto } from '../shared/command-answer.dto';
import { nowIso } from '../shared/command-context';
import { RecordPurchaseCommand } from './record-purchase.command';

@CommandHandler(RecordPurchaseCommand)
export class RecordPurchaseHandler implements ICommandHandler<RecordPurchaseCommand> {
  constructor(private readonly customers: CustomerCommandService) {}

  async execute({ customerId, orderId, amount, currency, occurredAt, context }: RecordPurchaseCommand): Promise<PurchaseRecordedAnswerDto> {
    const { revision, position } = await this.customers.execute(
      { type: 'RecordPurchase', customerId, issuedAt: nowIso(), ...(occurredAt !== undefined && { occurredAt }), payload: { orderId, amount, currency } },
      context,
    );
    return { customerId, revision, position, orderId };
  }
}
