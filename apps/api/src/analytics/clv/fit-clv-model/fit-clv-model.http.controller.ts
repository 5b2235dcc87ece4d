import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse } from '@nestjs/swagger';
import { ApiAnalytics } from '../../shared/api-analytics.decorator';
import { discountRatePerUnit, type ClvModel } from '../clv-model';
import { ClvModelDto } from '../get-clv-model/clv-model.dto';
import { FitClvModelCommand } from './fit-clv-model.command';
import { FitClvModelRequestDto } from './fit-clv-model.request.dto';
import { Access } from '../../../auth/access.decorator';

@Controller('analytics/clv')
export class FitClvModelHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Access('analyst')
  @Post('model')
  @HttpCode(HttpStatus.CREATED)
  @ApiAnalytics({
    summary: 'Fit the predicted-lifetime-value model (BG/NBD + Gamma-Gamma)',
    description:
      'Fits both models by maximum likelihood on the RFM summary of the purchase histories up to calibrationEnd, stores the parameters, ' +
      'log-likelihoods and fit time (collection clv-models; the newest is used, older ones are kept) and scores every customer who bought ' +
      'by calibrationEnd (collection customer-clv). Spend parameter gamma and every amount are in minor units of `currency`.',
    problems: { 422: 'The data cannot support a fit: fewer than 10 repeat customers, no convergence, or an unbounded spend model' },
  })
  @ApiCreatedResponse({ type: ClvModelDto, description: 'The fitted model (as GET /analytics/clv/model answers it from then on)' })
  fit(@Body() body: FitClvModelRequestDto): Promise<ClvModel> {
    const annual = body.annualDiscountRate ?? null;
    return this.commandBus.execute(
      new FitClvModelCommand({
        calibrationEnd: body.calibrationEnd,
        timeUnit: body.timeUnit,
        horizon: body.horizon,
        discountRatePerUnit: annual === null ? (body.discountRate ?? 0) : discountRatePerUnit(annual, body.timeUnit),
        annualDiscountRate: annual,
      }),
    );
  }
}
