import { Injectable, type BeforeApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { correlationIdOf } from '../http/correlation-id';
import { PROBLEM_CONTENT_TYPE } from '../http/problem-details';
import { SERVICE_STOPPING } from '../telemetry/request-logging';

/** Longest shutdown waits for requests in flight before closing the stores under them. */
export const DRAIN_TIMEOUT_MS = 10_000;
/** Answered while stopping, so orchestrators and scrapers see the state until the end. */
const SERVED_WHILE_STOPPING = /^\/(health(\/ready)?|metrics)\/?$/;

/**
 * Graceful shutdown, HTTP side. Shutdown (SIGTERM/SIGINT or app.close()) first marks the
 * service as stopping: new requests get 503 `service-stopping` (readiness reports it too),
 * requests already running finish, and only then do the projector and stores stop
 * (PersistenceModule, which Nest shuts down after this hook).
 */
@Injectable()
export class ServiceLifecycle implements OnModuleDestroy, BeforeApplicationShutdown {
  private stopping = false;
  private inFlight = 0;
  private readonly idleWaiters = new Set<() => void>();

  get isStopping(): boolean {
    return this.stopping;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  beginStopping(): void {
    this.stopping = true;
  }

  onModuleDestroy(): void {
    this.beginStopping();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.drain(DRAIN_TIMEOUT_MS);
  }

  /** Resolves true once no request is in flight, false if `timeoutMs` passes first. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (drained: boolean) => {
        clearTimeout(timer);
        this.idleWaiters.delete(onIdle);
        resolve(drained);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.idleWaiters.add(onIdle);
    });
  }

  /** Express middleware: counts requests in flight, and refuses new ones once stopping. */
  readonly middleware = (request: Request, response: Response, next: NextFunction): void => {
    if (this.stopping) response.locals[SERVICE_STOPPING] = true;
    if (this.stopping && !SERVED_WHILE_STOPPING.test(request.path)) {
      response
        .status(503)
        .set({ Connection: 'close', 'Retry-After': '5' })
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          JSON.stringify({
            type: '/problems/service-stopping',
            title: 'The service is shutting down',
            status: 503,
            detail: 'this instance is stopping and takes no new requests; nothing was written. Retry shortly (another instance, or this one after its restart)',
            instance: request.originalUrl,
            correlationId: correlationIdOf(request),
          }),
        );
      return;
    }
    this.inFlight++;
    response.once('close', () => {
      this.inFlight--;
      if (this.inFlight === 0) for (const onIdle of [...this.idleWaiters]) onIdle();
    });
    next();
  };
}
