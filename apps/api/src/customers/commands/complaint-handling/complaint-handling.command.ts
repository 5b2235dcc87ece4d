import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@lifeline/customers/application';
import type { ComplaintHandlingCommand } from '@lifeline/customers/domain';
import type { CommandAnswerDto } from '../shared/command-answer.dto';

type Step = ComplaintHandlingCommand['type'];
type StepPayload<T extends Step> = Omit<Extract<ComplaintHandlingCommand, { type: T }>['payload'], 'complaintId'>;

/** One step of a complaint's handling (acknowledge, assign, escalate, reopen), as asked over HTTP. */
export class HandleComplaintCommand<T extends Exclude<Step, 'RecordComplaintSlaBreach'> = Exclude<Step, 'RecordComplaintSlaBreach'>> extends Command<CommandAnswerDto> {
  constructor(
    readonly step: T,
    readonly customerId: string,
    readonly complaintId: string,
    readonly payload: StepPayload<T>,
    readonly occurredAt: string | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
