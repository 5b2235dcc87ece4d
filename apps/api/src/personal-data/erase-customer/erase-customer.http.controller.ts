import { Controller, Header, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { PROJECTOR, LIFELINE_RUNTIME, type LifelineRuntime } from '@lifeline/composition';
import { CustomerCommandService, type CommandContext } from '@lifeline/customers/application';
import { CustomerErasure } from '@lifeline/personal-data/erasure';
import type { Projector } from '@lifeline/projections/runtime';
import { Access } from '../../auth/access.decorator';
import { RequestCommandContext } from '../../customers/commands/shared/command-context';
import { EntityIdPipe } from '../../customers/commands/shared/entity-id.pipe';
import { ProblemDetailsDto } from '../../customers/commands/shared/problem-details.dto';
import { ENTITY_ID_PATTERN } from '../../customers/commands/shared/validators';
import { ErasureAnswerDto } from './erasure-answer.dto';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } } });

/** Right to erasure (GDPR Art. 17) by crypto-shredding: docs/security.md#erasure. */
@ApiTags('personal data')
@Controller('customers')
export class EraseCustomerHttpController {
  private readonly erasure: CustomerErasure;

  constructor(@Inject(LIFELINE_RUNTIME) runtime: LifelineRuntime, @Inject(PROJECTOR) projector: Projector, commands: CustomerCommandService) {
    this.erasure = new CustomerErasure(runtime.eventStore, commands, runtime.readStore, {
      ...(runtime.projectorRunning && { waitForReadModels: (position: number, timeoutMs: number) => projector.waitForPosition(position, timeoutMs) }),
    });
  }

  @Access('admin')
  @Post(':customerId/erasure')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiParam({ name: 'customerId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } })
  @ApiOperation({
    summary: "Erase a customer's personal data (GDPR Art. 17): their data key is deleted and CustomerErased recorded",
    description:
      'Admin only. No body. Every personal field of the customer\'s events reads null from then on (event log, feed, CloudEvents); every read model shows the customer with `erased: true` and null names and texts; counts, revenue, CLV and survival do not change. Afterwards only purchases, churn and reactivation are accepted for the customer (409 `customer_erased` otherwise). Repeating the request answers 200 with `alreadyErased: true`.',
  })
  @ApiOkResponse({ type: ErasureAnswerDto })
  @ApiExtraModels(ProblemDetailsDto)
  @ApiResponse({ status: 400, ...problem('Bad customer id (`errors` lists it)') })
  @ApiResponse({ status: 404, ...problem('Unknown customer (type /problems/rule-violation, rule customer_not_found)') })
  erase(@Param('customerId', EntityIdPipe) customerId: string, @RequestCommandContext() context: CommandContext): Promise<ErasureAnswerDto> {
    return this.erasure.erase(customerId, context);
  }
}
