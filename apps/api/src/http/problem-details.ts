import { HttpException, HttpStatus } from '@nestjs/common';
import { ConcurrencyConflictError, RuleViolationError } from '@lifeline/customers/application';
import type { RuleViolationKind } from '@lifeline/customers/domain';
import { AppendTooLargeError } from '@lifeline/event-store/port';
import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** RFC 9457 problem details, with our extensions. `type` URIs are relative to the API's base URL. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  /** Validation: what is wrong with which field. */
  readonly errors?: readonly FieldError[];
  /** Rule violation: the rule's name (see docs/events.md). */
  readonly rule?: string;
  readonly correlationId?: string;
}

/** A request the API refuses before it reaches a command: bad fields, path ids or headers. */
export class RequestValidationError extends Error {
  constructor(readonly errors: readonly FieldError[]) {
    super(errors.map((error) => `${error.field}: ${error.message}`).join('; '));
    this.name = 'RequestValidationError';
  }
}

/** The Idempotency-Key was used before for a request with another body. */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly key: string) {
    super(`Idempotency-Key "${key}" was already used for a request with a different body; use a new key for a new request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/**
 * A refusal a capability describes itself (unknown resource, missing model, cannot fit):
 * answered with exactly this type, title, status, detail and any extension fields.
 */
export class ProblemError extends Error {
  constructor(readonly problem: { readonly type: string; readonly title: string; readonly status: number; readonly detail: string; readonly [extension: string]: unknown }) {
    super(problem.detail);
    this.name = 'ProblemError';
  }
}

const STATUS_OF_RULE_KIND: Record<RuleViolationKind, number> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
};

type ProblemWithoutInstance = Omit<ProblemDetails, 'instance' | 'correlationId'>;

/**
 * The one place that decides how an error reads to a client. Anything not recognised is a
 * 500 whose detail says nothing about internals (they are logged, keyed by correlation id).
 */
export function problemFor(error: unknown): ProblemWithoutInstance {
  if (error instanceof RequestValidationError) {
    return {
      type: '/problems/validation-error',
      title: 'The request is invalid',
      status: HttpStatus.BAD_REQUEST,
      detail: error.message,
      errors: error.errors,
    };
  }
  if (error instanceof RuleViolationError) {
    return {
      type: '/problems/rule-violation',
      title: 'The command breaks a business rule',
      status: STATUS_OF_RULE_KIND[error.violation.kind],
      detail: error.violation.message,
      rule: error.violation.rule,
    };
  }
  if (error instanceof ConcurrencyConflictError) {
    return {
      type: '/problems/concurrency-conflict',
      title: 'The customer kept changing under concurrent writes',
      status: HttpStatus.CONFLICT,
      detail: 'too many concurrent changes to this customer; nothing was written, retry the request',
    };
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return {
      type: '/problems/idempotency-key-reused',
      title: 'The Idempotency-Key belongs to another request',
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      detail: error.message,
    };
  }
  if (error instanceof AppendTooLargeError) {
    return {
      type: '/problems/events-too-large',
      title: 'The events are too large to store',
      status: HttpStatus.PAYLOAD_TOO_LARGE,
      detail: `the events this command would write are larger than the event store accepts in one append (${error.maxBytes} bytes); nothing was written`,
    };
  }
  if (error instanceof ProblemError) return error.problem as ProblemWithoutInstance;
  if (error instanceof HttpException) return problemForHttpException(error);
  return {
    type: '/problems/internal-error',
    title: 'Internal Server Error',
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'an unexpected error occurred; nothing is known to have been written. Quote the correlation id when reporting it',
  };
}

function problemForHttpException(error: HttpException): ProblemWithoutInstance {
  const status = error.getStatus();
  const title = STATUS_CODES[status] ?? 'Error';
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
    return { type: '/problems/payload-too-large', title, status, detail: 'the request body is larger than 1 MB' };
  }
  if (status === HttpStatus.BAD_REQUEST && error.cause instanceof SyntaxError) {
    return { type: '/problems/malformed-json', title: 'The request body is not valid JSON', status, detail: error.cause.message };
  }
  if (status === HttpStatus.NOT_FOUND) {
    return { type: '/problems/not-found', title, status, detail: 'no such resource' };
  }
  if (status >= 500) {
    return { type: 'about:blank', title, status, detail: title };
  }
  const response = error.getResponse();
  const message = typeof response === 'object' && response !== null && 'message' in response ? (response as { message: unknown }).message : response;
  return { type: 'about:blank', title, status, detail: Array.isArray(message) ? message.join('; ') : String(message) };
}
