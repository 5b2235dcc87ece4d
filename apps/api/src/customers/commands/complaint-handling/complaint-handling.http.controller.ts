import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam } from '@nestjs/swagger';
import type { CommandContext } from '@lifeline/customers/application';
import { ApiCommand } from '../shared/api-command.decorator';
import { CommandAnswerDto } from '../shared/command-answer.dto';
import { RequestCommandContext } from '../shared/command-context';
import { EntityIdPipe } from '../shared/entity-id.pipe';
import { ENTITY_ID_PATTERN } from '../shared/validators';
import { HandleComplaintCommand } from './complaint-handling.command';
import {
  AcknowledgeComplaintRequestDto,
  AssignComplaintRequestDto,
  EscalateComplaintRequestDto,
  ReopenComplaintRequestDto,
} from './complaint-handling.request.dto';
import { Access } from '../../../auth/access.decorator';

const customerParam = () => ApiParam({ name: 'customerId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } });
const complaintParam = () => ApiParam({ name: 'complaintId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } });

/** The steps of a complaint's handling between filing and resolution (docs/events.md, complaint handling). */
@Controller('customers')
export class ComplaintHandlingHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Access('writer')
  @Post(':customerId/complaints/:complaintId/acknowledgement')
  @customerParam()
  @complaintParam()
  @ApiCommand({
    summary: 'Acknowledge an open complaint to the customer',
    description: 'Once per complaint. A resolution without an acknowledgement implies one, so a resolved complaint cannot be acknowledged.',
    answer: CommandAnswerDto,
    errors: [404, 409],
  })
  acknowledge(
    @Param('customerId', EntityIdPipe) customerId: string,
    @Param('complaintId', EntityIdPipe) complaintId: string,
    @Body() { occurredAt, ...payload }: AcknowledgeComplaintRequestDto,
    @RequestCommandContext() context: CommandContext,
  ): Promise<CommandAnswerDto> {
    return this.commandBus.execute(new HandleComplaintCommand('AcknowledgeComplaint', customerId, complaintId, payload, occurredAt, context));
  }

  @Access('writer')
  @Post(':customerId/complaints/:complaintId/assignment')
  @customerParam()
  @complaintParam()
  @ApiCommand({ summary: 'Assign an open complaint to an agent, a team or both (reassigning is allowed)', answer: CommandAnswerDto, errors: [404, 409, 422] })
  assign(
    @Param('customerId', EntityIdPipe) customerId: string,
    @Param('complaintId', EntityIdPipe) complaintId: string,
    @Body() { occurredAt, ...payload }: AssignComplaintRequestDto,
    @RequestCommandContext() context: CommandContext,
  ): Promise<CommandAnswerDto> {
    return this.commandBus.execute(new HandleComplaintCommand('AssignComplaint', customerId, complaintId, payload, occurredAt, context));
  }

  @Access('writer')
  @Post(':customerId/complaints/:complaintId/escalation')
  @customerParam()
  @complaintParam()
  @ApiCommand({ summary: 'Escalate an open complaint to a higher level, with the reason', answer: CommandAnswerDto, errors: [404, 409] })
  escalate(
    @Param('customerId', EntityIdPipe) customerId: string,
    @Param('complaintId', EntityIdPipe) complaintId: string,
    @Body() { occurredAt, ...payload }: EscalateComplaintRequestDto,
    @RequestCommandContext() context: CommandContext,
  ): Promise<CommandAnswerDto> {
    return this.commandBus.execute(new HandleComplaintCommand('EscalateComplaint', customerId, complaintId, payload, occurredAt, context));
  }

  @Access('writer')
  @Post(':customerId/complaints/:complaintId/reopening')
  @customerParam()
  @complaintParam()
  @ApiCommand({
    summary: 'Reopen a resolved complaint within the reopen window (LIFELINE_COMPLAINT_REOPEN_DAYS, default 30 days after the resolution)',
    answer: CommandAnswerDto,
    errors: [404, 409],
  })
  reopen(
    @Param('customerId', EntityIdPipe) customerId: string,
    @Param('complaintId', EntityIdPipe) complaintId: string,
    @Body() { occurredAt, ...payload }: ReopenComplaintRequestDto,
    @RequestCommandContext() context: CommandContext,
  ): Promise<CommandAnswerDto> {
    return this.commandBus.execute(new HandleComplaintCommand('ReopenComplaint', customerId, complaintId, payload, occurredAt, context));
  }
}
