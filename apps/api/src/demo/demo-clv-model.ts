import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { PROJECTOR } from '@lifeline/composition';
import { EVENT_STORE, type EventStore } from '@lifeline/event-store/port';
import type { Projector } from '@lifeline/projections/runtime';
import type { Logger } from 'pino';
import { discountRatePerUnit } from '../analytics/clv/clv-model';
import { FitClvModelCommand } from '../analytics/clv/fit-clv-model/fit-clv-model.command';

/** What the demo fits: a year ahead in weeks, 10% a year discount, calibrated on everything seeded. */
export const DEMO_CLV_REQUEST = { timeUnit: 'week', horizon: 52, annualDiscountRate: 0.1 } as const;
const PROJECTIONS_CATCH_UP_MS = 120_000;

/**
 * After the demo history is seeded, fit the lifetime-value model once, so a new user finds
 * predicted CLV next to the timelines and retention curves without knowing the fit endpoint.
 * Failing here is not failing the service: the reason is logged and the API keeps serving.
 */
export async function fitDemoClvModel(app: INestApplication, logger: Logger, calibrationEnd: string): Promise<void> {
  try {
    const head = await app.get<EventStore>(EVENT_STORE).headPosition();
    if (!(await app.get<Projector>(PROJECTOR).waitForPosition(head, PROJECTIONS_CATCH_UP_MS))) {
      logger.warn({ head }, 'demo lifetime-value model not fitted: the read models did not catch up; POST /analytics/clv/model to fit it');
      return;
    }
    const model = await app.get(CommandBus).execute(
      new FitClvModelCommand({
        calibrationEnd,
        timeUnit: DEMO_CLV_REQUEST.timeUnit,
        horizon: DEMO_CLV_REQUEST.horizon,
        annualDiscountRate: DEMO_CLV_REQUEST.annualDiscountRate,
        discountRatePerUnit: discountRatePerUnit(DEMO_CLV_REQUEST.annualDiscountRate, DEMO_CLV_REQUEST.timeUnit),
      }),
    );
    logger.info(
      { modelId: model.modelId, customers: model.customers, bgNbd: model.bgNbd, fitTimeMs: Math.round(model.fitTimeMs) },
      'demo lifetime-value model fitted: see GET /analytics/clv and GET /customers/{id}/clv',
    );
  } catch (error) {
    logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'demo lifetime-value model not fitted; POST /analytics/clv/model to fit it');
  }
}
