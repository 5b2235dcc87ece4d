import { HttpException, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ConcurrencyConflictError, RuleViolationError } from '@lifeline/customers/application';
import type { Response } from 'express';
import { catchError, Observable, tap, throwError } from 'rxjs';
import { IDEMPOTENT_REPLAY_HEADER } from '../http/idempotency.interceptor';
import { ReplayedProblem } from '../http/problem-details.filter';
import { IdempotencyKeyReusedError, RequestValidationError } from '../http/problem-details';
import { LifelineMetrics, type CommandOutcome } from './lifeline-metrics';

/** `AcquireCustomerHttpController` → `AcquireCustomer`: the command folders' naming convention. */
const COMMAND_CONTROLLER = /^(\w+)HttpController$/;

/**
 * Counts command requests by command and outcome, on the routes @ApiCommand marks (so queries,
 * health and the feed carry no interceptor).
 * Validation errors from pipes run inside this interceptor, so they count as `invalid`;
 * requests refused before routing (malformed JSON, body too large) or by a guard are not counted.
 */
@Injectable()
export class CommandMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: LifelineMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const command = commandNameOf(context);
    const response = context.switchToHttp().getResponse<Response>();
    const count = (outcome: CommandOutcome) => this.metrics.commands.inc({ command, outcome });
    return next.handle().pipe(
      tap(() => count(response.getHeader(IDEMPOTENT_REPLAY_HEADER) === 'true' ? 'replayed' : 'ok')),
      catchError((error: unknown) => {
        count(response.getHeader(IDEMPOTENT_REPLAY_HEADER) === 'true' ? 'replayed' : outcomeOf(error));
        return throwError(() => error);
      }),
    );
  }
}

/** Per controller, found once: the class name does not change after start. */
const commandNames = new WeakMap<object, string>();

function commandNameOf(context: ExecutionContext): string {
  const controller = context.getClass();
  let name = commandNames.get(controller);
  if (name === undefined) {
    name = COMMAND_CONTROLLER.exec(controller.name)?.[1] ?? context.getHandler().name;
    commandNames.set(controller, name);
  }
  return name;
}

export function outcomeOf(error: unknown): CommandOutcome {
  if (error instanceof RuleViolationError) return error.violation.kind === 'not_found' ? 'not_found' : 'rule_violation';
  // A first-time refusal under an Idempotency-Key comes back as the problem it stored (a rule violation).
  if (error instanceof ReplayedProblem) return error.status === 404 ? 'not_found' : 'rule_violation';
  if (error instanceof ConcurrencyConflictError) return 'conflict';
  if (error instanceof RequestValidationError || error instanceof IdempotencyKeyReusedError) return 'invalid';
  if (error instanceof HttpException && error.getStatus() < 500) return 'invalid';
  return 'error';
}
