import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam } from '@nestjs/swagger';
import type { CommandContext } from '@lifeline/customers/application';
import { ApiCommand } from '../shared/api-command.decorator';
import { CommandAnswerDto } from '../shared/command-answer.dto';
import { RequestCommandContext } from '../shared/command-context';
import { EntityIdPipe } from '../shared/entity-id.pipe';
import { ENTITY_ID_PATTERN } from '../shared/validators';
import { RecordSurveyAnswerCommand } from './record-survey-answer.command';
import { RecordSurveyAnswerRequestDto } from './record-survey-answer.request.dto';
import { Access } from '../../../auth/access.decorator';

@Controller('customers')
export class RecordSurveyAnswerHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Access('writer')
  @Post(':customerId/survey-responses')
  @ApiParam({ name: 'customerId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } })
  @ApiCommand({
    summary: "Record a customer's answer to a satisfaction survey (NPS 0–10, CSAT 1–5, CES 1–7)",
    answer: CommandAnswerDto,
    errors: [404, 409, 422],
  })
  record(
    @Param('customerId', EntityIdPipe) customerId: string,
    @Body() body: RecordSurveyAnswerRequestDto,
    @RequestCommandContext() context: CommandContext,
  ): Promise<CommandAnswerDto> {
    return this.commandBus.execute(new RecordSurveyAnswerCommand(customerId, body, context));
  }
}
