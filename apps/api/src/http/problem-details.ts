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
  /** Validation: what is wrong with which field (at most MAX_LISTED_FIELD_ERRORS). */
  readonly errors?: readonly FieldError[];
  /** Validation: how many more field errors there were than `errors` lists. */
  readonly moreErrors?: number;
  /** Rule violation: the rule's name (see docs/events.md). */
  readonly rule?: string;
  readonly correlationId?: string;
}

/** A request the API refuses before it reaches a command: bad fields, path ids or headers. */
export class RequestValidationError extends Error {
  /** Each distinct field error once, in the order found. */
  readonly errors: readonly FieldError[];
  constructor(errors: readonly FieldError[]) {
    const distinct = [...new Map(errors.map((error) => [`${error.field}\u0000${error.message}`, error])).values()];
    super(distinct.map((error) => `${error.field}: ${error.message}`).join('; '));
    this.errors = distinct;
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

/** Field errors a validation problem lists; the rest are counted in `moreErrors`. */
export const MAX_LISTED_FIELD_ERRORS = 20;
/** Field names and messages are cut to this length in problems (they may echo hostile input). */
const MAX_FIELD_TEXT = 300;

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
    // A hostile body can break thousands of rules; the answer stays small.
    const listed = error.errors
      .slice(0, MAX_LISTED_FIELD_ERRORS)
      .map((fieldError) => ({ field: fieldError.field.slice(0, MAX_FIELD_TEXT), message: fieldError.message.slice(0, MAX_FIELD_TEXT) }));
    const more = error.errors.length - listed.length;
    return {
      type: '/problems/validation-error',
      title: 'The request is invalid',
      status: HttpStatus.BAD_REQUEST,
      detail: listed.map((fieldError) => `${fieldError.field}: ${fieldError.message}`).join('; ') + (more > 0 ? `; and ${more} more` : ''),
      errors: listed,
      ...(more > 0 && { moreErrors: more }),
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

/** What body-parser (via Nest) and Express refuse, by their error's `type`. */
const BODY_PARSER_PROBLEMS: Record<string, { type: string; detail: string }> = {
  'encoding.unsupported': { type: '/problems/unsupported-content-encoding', detail: 'Content-Encoding must be gzip, deflate, br or identity' },
  'charset.unsupported': { type: '/problems/unsupported-media-type', detail: 'request bodies must be UTF-8' },
  'request.aborted': { type: '/problems/malformed-request', detail: 'the request body ended early' },
  'request.size.invalid': { type: '/problems/malformed-request', detail: 'the request body does not match its Content-Length' },
};

function problemForHttpException(error: HttpException): ProblemWithoutInstance {
  const status = error.getStatus();
  const title = STATUS_CODES[status] ?? 'Error';
  const cause = error.cause as { problem?: ProblemWithoutInstance; type?: unknown; code?: unknown } | undefined;
  if (cause?.problem) return cause.problem;
  if (typeof cause?.code === 'string' && cause.code.startsWith('Z_')) {
    return { type: '/problems/malformed-request', title, status, detail: 'the body does not decompress as its Content-Encoding says' };
  }
  const known = typeof cause?.type === 'string' ? BODY_PARSER_PROBLEMS[cause.type] : undefined;
  if (known) return { ...known, title, status };
  if (status === HttpStatus.BAD_REQUEST && error.cause instanceof URIError) {
    return { type: '/problems/malformed-url', title: 'The request URL is malformed', status, detail: 'the URL holds a bad %-escape' };
  }
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
