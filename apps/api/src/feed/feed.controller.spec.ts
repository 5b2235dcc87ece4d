import type { INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { BACKWARDS, type ReadAllOptions } from '@eventstore/db-client';
import { EventStoreDbEventStore, type EventStoreDbClientSurface } from '@lifeline/event-store/eventstoredb';
import { clientReadOf, clientReadStream, clientSubscription, wireEvent } from '../../../../libs/event-store/eventstoredb/src/testing/client-boundary';
import { EVENT_STORE } from '@lifeline/event-store/port';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { loadConfig } from '@lifeline/config';
import { LIFELINE_CONFIG } from '../config/lifeline-config.module';
import { EventStreamService } from './event-stream.service';
import { FeedCapacity } from './feed-capacity';
import { FeedController } from './feed.controller';

/**
 * The feed over the EventStoreDB adapter, whose client (its own stream objects) refuses to read
 * $all from 5000: the server's answer to a number that is not the start of a log record.
 */
describe('feed: a position the event store refuses', () => {
  let app: INestApplication;
  const REFUSED = 5000;

  beforeAll(async () => {
    const readAll = jest.fn((options: ReadAllOptions) => {
      if (options.direction === BACKWARDS) return clientReadOf([wireEvent({ commit: 9000n })]).read;
      const from = options.fromPosition;
      if (typeof from === 'object' && from.commit === BigInt(REFUSED)) {
        const { read, call } = clientReadStream();
        call.fail(GrpcStatus.OUT_OF_RANGE, 'Invalid position.');
        return read;
      }
      return clientReadOf([]).read;
    });
    const client = {
      appendToStream: jest.fn(),
      readStream: jest.fn(),
      readAll,
      subscribeToAll: jest.fn(() => clientSubscription().subscription),
      dispose: jest.fn(async () => undefined),
    } as unknown as EventStoreDbClientSurface;
    const moduleRef = await Test.createTestingModule({
      controllers: [FeedController],
      providers: [EventStreamService, FeedCapacity, { provide: LIFELINE_CONFIG, useValue: loadConfig({}) }, { provide: EVENT_STORE, useValue: new EventStoreDbEventStore(client) }, { provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers a page request with 400 problem+json naming `after`', async () => {
    const response = await request(app.getHttpServer()).get(`/feed/events?after=${REFUSED}`).expect(400).expect('content-type', /application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: '/problems/validation-error',
      status: 400,
      errors: [{ field: 'after', message: expect.stringMatching(/^5000 is not a position in the event log/) }],
    });
  });

  it('answers an event-stream request with 400 before any event-stream header is sent', async () => {
    const response = await request(app.getHttpServer()).get('/feed/events/stream').set('Last-Event-ID', String(REFUSED)).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'Last-Event-ID' })]);
  });

  it('still serves a page from a position the store accepts', async () => {
    await request(app.getHttpServer()).get('/feed/events?after=0').expect(200).expect((response) => expect(response.body).toMatchObject({ events: [], head: 9000 }));
  });
});
