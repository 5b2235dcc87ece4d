import { applyDecorators, HttpCode, HttpStatus, UseInterceptors, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER } from '../../../http/idempotency';
import { IdempotencyInterceptor } from '../../../http/idempotency.interceptor';
import { CommandMetricsInterceptor } from '../../../telemetry/command-metrics.interceptor';
import { ProblemDetailsDto } from './problem-details.dto';

const problem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } } });

const ERROR_RESPONSES: Record<number, string> = {
  400: 'Invalid request: unknown or ill-typed field, bad enum value, bad date, bad amount, bad text, malformed JSON, body too complex, bad id or header (`errors` lists each, at most 20)',
  404: 'Unknown customer (or complaint); `rule` names which',
  409: 'A business rule refuses the command (`rule` names it), or the customer kept changing under concurrent writes',
  413: 'Body larger than 1 MB',
  415: 'Body not application/json in UTF-8 (type /problems/unsupported-media-type), or an unsupported Content-Encoding',
  422: 'Idempotency-Key reused with another body, or a currency other than the configured one',
  500: 'Unexpected error; nothing leaks, quote the correlation id',
};

/**
 * Everything a command endpoint shares: 201 with its answer, the problem responses,
 * the Idempotency-Key header and its interceptor, and the command counter.
 */
export function ApiCommand(options: { summary: string; description?: string; answer: Type<unknown>; errors: number[] }) {
  return applyDecorators(
    ApiTags('customers (commands)'),
    ApiOperation({ summary: options.summary, ...(options.description !== undefined && { description: options.description }) }),
    HttpCode(HttpStatus.CREATED),
    // Counted outside the idempotency check, so a replayed answer counts as `replayed`.
    UseInterceptors(CommandMetricsInterceptor, IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Makes the request safe to retry: a retry with the same key and body gets the first answer and writes nothing (also after a restart); ' +
        'the same key with another body is refused with 422. 1–255 visible ASCII characters, unique per endpoint.',
    }),
    ApiExtraModels(ProblemDetailsDto),
    ApiResponse({ status: HttpStatus.CREATED, type: options.answer, description: 'Written; answers the revision and global position of the new event' }),
    ...[...new Set([400, ...options.errors, 413, 415, 500])].sort().map((status) => problem(status, ERROR_RESPONSES[status]!)),
  );
}
