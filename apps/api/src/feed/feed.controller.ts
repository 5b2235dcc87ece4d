import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import { EVENT_STORE, type EventStore } from '@lifeline/event-store/port';
import { toCloudEvent } from '@lifeline/publishing/cloudevents';
import { ProblemDetailsDto } from '../customers/commands/shared/problem-details.dto';
import { EVENT_STREAM_CONTENT_TYPE, EventStreamService } from './event-stream.service';
import { FeedCapacity } from './feed-capacity';
import { FeedPageDto } from './feed-page.dto';
import { MAX_FEED_LIMIT, parseLimit, parsePosition, readFromPosition, refuseUnknownParameters } from './feed-parameters';
import { Access } from '../auth/access.decorator';

const badRequest = ApiResponse({
  status: 400,
  description: 'A parameter is not a whole number in range, is unknown, or is not a position the store handed out (`errors` lists each)',
  content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
});
const afterQuery = ApiQuery({
  name: 'after',
  required: false,
  description:
    'Global position to read after: 0 (default, the start of the log) or a position the feed returned (an event\'s `position`, a page\'s `next` or `head`). ' +
    'Positions are not event counts (with EventStoreDB they are log offsets): another number may be refused with 400.',
  schema: { type: 'integer', minimum: 0 },
});
const streamsBusy = ApiResponse({
  status: 503,
  description: 'Event streams only: LIFELINE_FEED_MAX_STREAMS streams are open already; retry after `Retry-After` seconds',
  content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
});
const lastEventIdHeader = ApiHeader({
  name: 'Last-Event-ID',
  required: false,
  description: 'Sent by a reconnecting EventSource: the last position received. Takes precedence over `after`.',
});
const sseDescription =
  'Server-Sent Events: every customer event after the position (catch-up), then each new one as it is written (live). ' +
  'Each message has `id: <position>`, `event: <CloudEvents type>`, `data: <CloudEvent JSON>`; a `: heartbeat` comment every 15 s. ' +
  'At most LIFELINE_FEED_MAX_REPLAYS streams send history at once: a further one is connected (heartbeats) and waits its turn; ' +
  'past LIFELINE_FEED_MAX_STREAMS open streams the answer is 503 with Retry-After.';

/**
 * The HTTP feed: customer events as CloudEvents 1.0 JSON, the same attributes as on Kafka, for
 * consumers that pull by position (pages) or follow (Server-Sent Events). See docs/consumers.md.
 */
@ApiTags('feed')
@ApiExtraModels(ProblemDetailsDto)
@Controller('feed/events')
export class FeedController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly streams: EventStreamService,
    private readonly capacity: FeedCapacity,
  ) {}

  @Access('consumer')
  @Get()
  @ApiOperation({
    summary: 'Customer events after a position, one page at a time (or an event stream with Accept: text/event-stream)',
    description:
      'Pages are in global position order. Keep the `next` of the last page you processed and pass it as `after` to continue; ' +
      'a page shorter than `limit` means you are caught up. Delivery is at least once from your point of view: de-duplicate by `id`. ' +
      `With \`Accept: ${EVENT_STREAM_CONTENT_TYPE}\` this path answers as /feed/events/stream.`,
  })
  @afterQuery
  @ApiQuery({ name: 'limit', required: false, description: `Events per page, 1 to ${MAX_FEED_LIMIT}; default 100`, schema: { type: 'integer', minimum: 1, maximum: MAX_FEED_LIMIT } })
  @lastEventIdHeader
  @ApiProduces('application/json', EVENT_STREAM_CONTENT_TYPE)
  @ApiOkResponse({ type: FeedPageDto })
  @badRequest
  @streamsBusy
  async page(
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (accept?.includes(EVENT_STREAM_CONTENT_TYPE)) return this.follow(query, lastEventId, request, response);
    refuseUnknownParameters(query, ['after', 'limit']);
    const after = parsePosition('after', query['after']) ?? 0;
    const limit = parseLimit(query['limit']);
    // A page (at most MAX_FEED_LIMIT events) takes its turn with the SSE replays' pages.
    await this.capacity.turn();
    // Head first: every event at or below it is visible to the read that follows.
    const head = await this.eventStore.headPosition();
    const recorded = await readFromPosition('after', () => this.eventStore.readAll({ after, maxCount: limit, streamPrefix: CUSTOMER_STREAM_PREFIX }));
    const last = recorded.at(-1)?.position ?? after;
    // A short page holds every customer event up to head, so the client may skip other streams' positions.
    const next = recorded.length < limit ? Math.max(last, head, after) : last;
    const page: FeedPageDto = { events: recorded.map((event) => toCloudEvent(event)), next, head };
    response.json(page);
  }

  @Access('consumer')
  @Get('stream')
  @ApiOperation({ summary: 'Follow customer events as Server-Sent Events', description: sseDescription })
  @afterQuery
  @lastEventIdHeader
  @ApiProduces(EVENT_STREAM_CONTENT_TYPE)
  @ApiOkResponse({ description: 'An event stream that stays open', content: { [EVENT_STREAM_CONTENT_TYPE]: { schema: { type: 'string' } } } })
  @badRequest
  @streamsBusy
  stream(
    @Query() query: Record<string, unknown>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.follow(query, lastEventId, request, response);
  }

  private async follow(query: Record<string, unknown>, lastEventId: string | undefined, request: Request, response: Response): Promise<void> {
    refuseUnknownParameters(query, ['after']);
    const resumeFrom = lastEventId === undefined || lastEventId.trim() === '' ? undefined : parsePosition('Last-Event-ID', lastEventId.trim());
    const after = resumeFrom ?? parsePosition('after', query['after']) ?? 0;
    // Refuse a number the store cannot start from now, while a 400 can still be sent.
    if (after > 0) await readFromPosition(resumeFrom === undefined ? 'after' : 'Last-Event-ID', () => this.eventStore.readAll({ after, maxCount: 1 }));
    await this.streams.stream(request, response, after);
  }
}
