import { applyDecorators, UseInterceptors, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from '../../customers/commands/shared/problem-details.dto';
import { CsvInterceptor, CsvTable } from './csv.interceptor';

const problem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } } });

/**
 * The 200 answer: its JSON schema (a response DTO class; the CSV form, when the endpoint has one,
 * is text), with a note in prose where the schema alone does not say enough.
 */
function answerResponse(answer: Type<unknown> | string, description: string | undefined, csv: boolean) {
  if (typeof answer === 'string') return [ApiOkResponse({ description: answer })];
  const json = { schema: { $ref: getSchemaPath(answer) } };
  return [
    ApiExtraModels(answer),
    ApiOkResponse({ description: description ?? '', content: csv ? { 'application/json': json, 'text/csv': { schema: { type: 'string' } } } : { 'application/json': json } }),
  ];
}

/** What every analytics endpoint shares in the OpenAPI document: tag, summary, answer and problem responses. */
export function ApiAnalytics(options: {
  summary: string;
  description: string;
  /** The answer's response DTO (its schema), or, for an answer without one, its shape in prose. */
  answer?: Type<unknown> | string;
  /** With a DTO as `answer`: what the schema does not say (units, order, when a field is null). */
  answerDescription?: string;
  problems?: Record<number, string>;
  csv?: string;
}) {
  const csv =
    options.csv === undefined
      ? []
      : [CsvTable(options.csv), UseInterceptors(CsvInterceptor), ApiProduces('application/json', 'text/csv')];
  const csvNote = options.csv === undefined ? '' : ` With Accept: text/csv, the table \`${options.csv || '(the answer, one row)'}\` as CSV (dotted columns).`;
  return applyDecorators(
    ApiTags('analytics'),
    ApiOperation({ summary: options.summary, description: options.description + csvNote }),
    ...csv,
    ApiExtraModels(ProblemDetailsDto),
    ...(options.answer === undefined ? [] : answerResponse(options.answer, options.answerDescription, options.csv !== undefined)),
    problem(400, 'Invalid or unknown parameter (`errors` lists each)'),
    problem(503, 'Server busy: every analytics worker thread is taken and the queue is full (LIFELINE_WORKER_THREADS, LIFELINE_WORKER_QUEUE); retry after `Retry-After` seconds'),
    ...Object.entries(options.problems ?? {}).map(([status, description]) => problem(Number(status), description)),
  );
}
