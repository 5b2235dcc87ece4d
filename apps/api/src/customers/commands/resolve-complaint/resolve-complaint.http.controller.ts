import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam } from '@nestjs/swagger';
import type { CommandContext } from '@lifeline/customers/application';
import { ApiCommand } from '../shared/api-command.decorator';
import { CommandAnswerDto } from '../shared/command-answer.dto';
import { RequestCommandContext } from '../shared/command-context';
import { EntityIdPipe } from '../shared/entity-id.pipe';
import { ENTITY_ID_PATTERN } from '../shared/validators';
import { ResolveComplaintCommand } from './resolve-complaint.command';
import { ResolveComplaintRequestDto } from './resolve-complaint.request.dto';
import { Access } from '../../../auth/access.decorator';

@Controller('customers')
export class ResolveComplaintHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Access('writer')
  @Post(':customerId/complaints/:complaintId/resolution')
  @ApiParam({ name: 'customerId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } })
  @ApiParam({ name: 'complaintId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } })
  @ApiCommand({ summary: 'Resolve an open complaint', answer: CommandAnswerDto, errors: [404, 409] })
  resolve(
    @Param('customerId', EntityIdPipe) customerId: string,
    @Param('complaintId', EntityIdPipe) complaintId: string,
    @Body() body: ResolveComplaintRequestDto,
    @RequestCommandContext() context: CommandContext,
  ): Promise<CommandAnswerDto> {
    return this.commandBus.execute(new ResolveComplaintCommand(customerId, complaintId, body, context));
  }
}
