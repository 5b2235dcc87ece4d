import { createParamDecorator, Inject, Injectable, Module, type ExecutionContext } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import type { Request } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { LIFELINE_RUNTIME, type LifelineRuntime } from '@lifeline/composition';
import { UnknownCollectionError } from '@lifeline/read-store/port';
import { RequestValidationError, type FieldError } from './problem-details';
import { ReadModelBehindError } from './read-side-problems';

/**
 * Read-your-writes: a client that just wrote passes the `position` the command answered, as
 * `?minPosition=` or `X-Min-Position:`, and the query waits (bounded) until every read model
 * it reads has applied the log up to there; otherwise 503 read-model-behind.
 */
export const MIN_POSITION_HEADER = 'X-Min-Position';
export const MIN_POSITION_PARAM = 'minPosition';
/** How long a query waits for its read models before answering 503. */
export const READ_YOUR_WRITES_WAIT_MS = 2_000;
/** Checkpoint polling interval when the projector runs in another process. */
const POLL_INTERVAL_MS = 20;

const POSITION = /^\d{1,15}$/;

function positionOf(value: unknown, field: string, errors: FieldError[]): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && POSITION.test(value)) return Number(value);
  errors.push({ field, message: `${field} must be a global event position: a whole number >= 0, as a command answered it` });
  return undefined;
}

/**
 * The position the client wants to see, from the query parameter or the header; when both
 * are given the later one counts (seeing it means seeing the other too).
 */
export const MinPosition = createParamDecorator((_data: unknown, context: ExecutionContext): number | undefined => {
  const request = context.switchToHttp().getRequest<Request>();
  const errors: FieldError[] = [];
  const fromQuery = positionOf((request.query as Record<string, unknown>)[MIN_POSITION_PARAM], MIN_POSITION_PARAM, errors);
  const fromHeader = positionOf(request.header(MIN_POSITION_HEADER), MIN_POSITION_HEADER, errors);
  if (errors.length > 0) throw new RequestValidationError(errors);
  if (fromQuery === undefined) return fromHeader;
  return fromHeader === undefined ? fromQuery : Math.max(fromQuery, fromHeader);
});

/** Query parameters every read-side endpoint accepts; endpoint DTOs extend it. */
export class ReadYourWritesQueryDto {
  @ApiPropertyOptional({
    name: MIN_POSITION_PARAM,
    description: `Wait (up to ${READ_YOUR_WRITES_WAIT_MS} ms) until the read models have applied this global position (a command's \`position\`); 503 if they have not. Same as the ${MIN_POSITION_HEADER} header.`,
    type: 'integer',
    minimum: 0,
    example: 1289,
  })
  // Validated by @MinPosition() together with the header; listed here so it is a known parameter.
  @Allow()
  minPosition?: unknown;
}

/** Waits for the read models a query needs to reach a position (see MinPosition). */
@Injectable()
export class ReadModelFreshness {
  constructor(@Inject(LIFELINE_RUNTIME) private readonly runtime: LifelineRuntime) {}

  async awaitPosition(minPosition: number | undefined, collections: readonly string[], timeoutMs = READ_YOUR_WRITES_WAIT_MS): Promise<void> {
    if (minPosition === undefined) return;
    const started = Date.now();
    if ((await this.lowestCheckpoint(collections)) >= minPosition) return;
    // A position no command has answered yet will not be reached by waiting: say so at once.
    const head = await this.runtime.eventStore.headPosition();
    if (minPosition > head) {
      throw new RequestValidationError([
        { field: MIN_POSITION_PARAM, message: `${MIN_POSITION_PARAM} ${minPosition} is beyond the head of the log (${head}); pass the position a command answered` },
      ]);
    }
    if (this.runtime.projectorRunning) {
      // Woken by the projector's commits; it answers false early if any read model failed,
      // which may not be one this query reads, so the loop below decides.
      await this.runtime.projector.waitForPosition(minPosition, timeoutMs);
    }
    for (;;) {
      const lowest = await this.lowestCheckpoint(collections);
      if (lowest >= minPosition) return;
      const remaining = started + timeoutMs - Date.now();
      if (remaining <= 0) throw new ReadModelBehindError(minPosition, lowest, Date.now() - started);
      await sleep(Math.min(POLL_INTERVAL_MS, remaining));
    }
  }

  /** The stored checkpoints (committed with the documents), so this works whoever runs the projector. */
  private async lowestCheckpoint(collections: readonly string[]): Promise<number> {
    const checkpoints = await Promise.all(
      collections.map((collection) =>
        this.runtime.readStore.getCheckpoint(collection).then(
          (checkpoint) => checkpoint.position,
          (error: unknown) => {
            // Not created yet: the projector has not started on it, so it has applied nothing.
            if (error instanceof UnknownCollectionError) return 0;
            throw error;
          },
        ),
      ),
    );
    return Math.min(...checkpoints);
  }
}

@Module({ providers: [ReadModelFreshness], exports: [ReadModelFreshness] })
export class ReadYourWritesModule {}
