import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { LifelineMetrics } from './lifeline-metrics';
import { Access } from '../auth/access.decorator';

/** Prometheus scrape endpoint (text exposition format 0.0.4). Not part of the client API. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: LifelineMetrics) {}

  @Access('operator')
  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() response: Response): Promise<void> {
    const body = await this.metrics.registry.metrics();
    response.type(this.metrics.registry.contentType).send(body);
  }
}
