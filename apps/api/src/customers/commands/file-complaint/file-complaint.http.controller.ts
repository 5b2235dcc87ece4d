import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam } from '@nestjs/swagger';
import type { CommandContext } from '@lifeline/customers/application';
import { ApiCommand } from '../shared/api-command.decorator';
import { ComplaintFiledAnswerDto } from '../shared/command-answer.dto';
import { generatedId, RequestCommandContext } from '../shared/command-context';
import { EntityIdPipe } from '../shared/entity-id.pipe';
import { ENTITY_ID_PATTERN } from '../shared/validators';
import { FileComplaintCommand } from './file-complaint.command';
import { FileComplaintRequestDto } from './file-complaint.request.dto';
import { Access } from '../../../auth/access.decorator';

@Controller('customers')
export class FileComplaintHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Access('writer')
  @Post(':customerId/complaints')
  @ApiParam({ name: 'customerId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } })
  @ApiCommand({ summary: 'File a complaint', answer: ComplaintFiledAnswerDto, errors: [404, 409] })
  file(
    @Param('customerId', EntityIdPipe) customerId: string,
    @Body() body: FileComplaintRequestDto,
    @RequestCommandContext() context: CommandContext,
  ): Promise<ComplaintFiledAnswerDto> {
    const { complaintId = generatedId(context, 'complaintId'), ...request } = body;
    return this.commandBus.execute(new FileComplaintCommand(customerId, complaintId, request, context));
  }
}
