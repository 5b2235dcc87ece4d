import { applyDecorators, UseFilters, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from '../customers/commands/shared/problem-details.dto';
import { ReadSideProblemFilter, RETRY_AFTER_SECONDS } from './read-side-problems';
import { MIN_POSITION_HEADER, MIN_POSITION_PARAM, READ_YOUR_WRITES_WAIT_MS } from './read-your-writes';

const problem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } } });

const ERROR_RESPONSES: Record<number, string> = {
  400: 'Invalid query: unknown parameter, bad value, bad cursor, bad minPosition (`errors` lists each)',
  404: 'Unknown customer',
  500: 'Unexpected error; nothing leaks, quote the correlation id',
  503:
    `The read models have not applied ${MIN_POSITION_PARAM} within ${READ_YOUR_WRITES_WAIT_MS} ms: type /problems/read-model-behind, ` +
    `with \`minPosition\` and the \`checkpoint\` reached; Retry-After: ${RETRY_AFTER_SECONDS}`,
};

/**
 * Everything a read-side endpoint shares: its OpenAPI entry, the read-your-writes header,
 * the problem responses, and the filter answering 404 and 503 read-model-behind.
 */
export function ApiReadModelQuery(options: { tag: string; summary: string; description?: string; answer: Type<unknown>; errors?: number[]; alsoCsv?: boolean }) {
  // With a CSV form the 200 names both bodies: the JSON schema must not be claimed for the CSV.
  const ok = options.alsoCsv
    ? ApiResponse({
        status: 200,
        content: { 'application/json': { schema: { $ref: getSchemaPath(options.answer) } }, 'text/csv': { schema: { type: 'string' } } },
      })
    : ApiResponse({ status: 200, type: options.answer });
  return applyDecorators(
    UseFilters(ReadSideProblemFilter),
    ApiTags(options.tag),
    ApiOperation({ summary: options.summary, ...(options.description !== undefined && { description: options.description }) }),
    ApiHeader({
      name: MIN_POSITION_HEADER,
      required: false,
      description: `Same as the ${MIN_POSITION_PARAM} query parameter; when both are given, the larger counts.`,
      schema: { type: 'integer', minimum: 0 },
    }),
    ApiExtraModels(ProblemDetailsDto, options.answer),
    ok,
    ...[...new Set([400, ...(options.errors ?? []), 500, 503])].sort().map((status) => problem(status, ERROR_RESPONSES[status]!)),
  );
}
