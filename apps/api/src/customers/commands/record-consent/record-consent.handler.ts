import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CustomerCommandService } from '@lifeline/customers/application';
import { nowIso } from '../shared/command-context';
import type { ConsentRecordedAnswerDto } from './record-consent.answer.dto';
import { RecordConsentCommand } from './record-consent.command';

@CommandHandler(RecordConsentCommand)
export class RecordConsentHandler implements ICommandHandler<RecordConsentCommand> {
  constructor(private readonly customers: CustomerCommandService) {}

  async execute({ customerId, request, context }: RecordConsentCommand): Promise<ConsentRecordedAnswerDto> {
    const { occurredAt, purpose, channel, granted, source } = request;
    const { revision, position, eventIds } = await this.customers.execute(
      {
        type: 'RecordConsent',
        customerId,
        issuedAt: nowIso(),
        ...(occurredAt !== undefined && { occurredAt }),
        payload: { purpose, granted, ...(channel !== undefined && { channel }), ...(source !== undefined && { source }) },
      },
      context,
    );
    return { customerId, revision, position, recorded: eventIds.length };
  }
}
