import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CustomerCommandService } from '@lifeline/customers/application';
import type { ContactRecordedAnswerDto } from '../shared/command-answer.dto';
import { nowIso } from '../shared/command-context';
import { RecordContactCommand } from './record-contact.command';

@CommandHandler(RecordContactCommand)
export class RecordContactHandler implements ICommandHandler<RecordContactCommand> {
  constructor(private readonly customers: CustomerCommandService) {}

  async execute({ customerId, contactId, request, context }: RecordContactCommand): Promise<ContactRecordedAnswerDto> {
    const { occurredAt, ...rest } = request;
    const { revision, position } = await this.customers.execute(
      { type: 'RecordContact', customerId, issuedAt: nowIso(), ...(occurredAt !== undefined && { occurredAt }), payload: { contactId, ...rest } },
      context,
    );
    return { customerId, revision, position, contactId };
  }
}
