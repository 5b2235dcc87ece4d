import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { ServiceLifecycle } from './service-lifecycle';

/** Just enough of express's request/response for the middleware: a path, and a response that closes. */
function exchange(path: string) {
  class FakeResponse extends EventEmitter {
    statusCode = 200;
    locals: Record<string, unknown> = {};
    sent: string | undefined;
    status(code: number) {
      this.statusCode = code;
      return this;
    }
    set() {
      return this;
    }
    type() {
      return this;
    }
    send(body: string) {
      this.sent = body;
      this.emit('close');
      return this;
    }
  }
  const response = new FakeResponse();
  const request = { path, originalUrl: path, header: () => undefined } as unknown as Request;
  return { request, response, finish: () => response.emit('close') };
}

function pass(lifecycle: ServiceLifecycle, path: string) {
  const { request, response, finish } = exchange(path);
  const next = jest.fn() as NextFunction;
  lifecycle.middleware(request, response as unknown as Response, next);
  return { response, next, finish };
}

describe('ServiceLifecycle', () => {
  it('counts requests until their response closes', () => {
    const lifecycle = new ServiceLifecycle();
    const a = pass(lifecycle, '/customers');
    const b = pass(lifecycle, '/customers');
    expect(lifecycle.requestsInFlight).toBe(2);
    a.finish();
    b.finish();
    expect(lifecycle.requestsInFlight).toBe(0);
  });

  it('drains: resolves true only after the last request in flight finished', async () => {
    const lifecycle = new ServiceLifecycle();
    const running = pass(lifecycle, '/customers');
    let drained: boolean | undefined;
    const draining = lifecycle.drain(5000).then((result) => (drained = result));
    await Promise.resolve();
    expect(drained).toBeUndefined();
    running.finish();
    await draining;
    expect(drained).toBe(true);
  });

  it('gives up draining after the timeout, so a stuck request cannot hold shutdown forever', async () => {
    const lifecycle = new ServiceLifecycle();
    pass(lifecycle, '/customers');
    expect(await lifecycle.drain(10)).toBe(false);
  });

  it('refuses new requests with 503 service-stopping once stopping, but still serves health and metrics', () => {
    const lifecycle = new ServiceLifecycle();
    lifecycle.onModuleDestroy();
    const refused = pass(lifecycle, '/customers');
    expect(refused.next).not.toHaveBeenCalled();
    expect(refused.response.statusCode).toBe(503);
    expect(JSON.parse(refused.response.sent!)).toMatchObject({ type: '/problems/service-stopping', status: 503 });
    // The request log reads this to log the refusal at info, not error: stopping is normal.
    expect(refused.response.locals['serviceStopping']).toBe(true);
    for (const path of ['/health', '/health/ready', '/metrics']) expect(pass(lifecycle, path).next).toHaveBeenCalled();
  });
});
