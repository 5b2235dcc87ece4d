import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiParam } from '@nestjs/swagger';
import { EntityIdPipe } from '../../../customers/commands/shared/entity-id.pipe';
import { ENTITY_ID_PATTERN } from '../../../customers/commands/shared/validators';
import { ApiAnalytics } from '../../shared/api-analytics.decorator';
import { CustomerClvAnswerDto } from './customer-clv-answer.dto';
import { GetCustomerClvQuery, type CustomerClvAnswer } from './get-customer-clv.query';
import { Access } from '../../../auth/access.decorator';

@Controller('customers')
export class GetCustomerClvHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Access('reader')
  @Get(':customerId/clv')
  @ApiParam({ name: 'customerId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } })
  @ApiAnalytics({
    csv: '',
    summary: "A customer's predicted lifetime value under the latest model, and revenue to date",
    description:
      'P(alive) at the calibration end, expected purchases over the horizon, expected spend per purchase and discounted CLV (minor units), ' +
      'conditioned on the purchases up to the calibration end. A customer whose recorded churn is in force (no reactivation after it) has ' +
      'P(alive), expected purchases and CLV 0 (`prediction.recordedChurnAt`). `prediction` is null for a customer the model did not score, ' +
      'and `noPrediction.reason` says why: acquired_after_fit, acquired_after_calibration_end or no_purchase_by_calibration_end.',
    answer: CustomerClvAnswerDto,
    answerDescription: 'The prediction (or why there is none) and revenue to date',
    problems: { 404: 'Unknown customer', 409: 'No model fitted yet (type /problems/clv-model-not-fitted)' },
  })
  clv(@Param('customerId', EntityIdPipe) customerId: string): Promise<CustomerClvAnswer> {
    return this.queryBus.execute(new GetCustomerClvQuery(customerId));
  }
}
