import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from '../../customers/commands/shared/problem-details.dto';
import { CsvInterceptor, CsvTable } from './csv.interceptor';

const problem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } } });

/** What every analytics endpoint shares in the OpenAPI document: tag, summary, answer and problem responses. */
export function ApiAnalytics(options: { summary: string; description: string; answer?: string; problems?: Record<number, string>; csv?: string }) {
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
    ...(options.answer === undefined ? [] : [ApiOkResponse({ description: options.answer })]),
    problem(400, 'Invalid or unknown parameter (`errors` lists each)'),
    problem(503, 'Server busy: every analytics worker thread is taken and the queue is full (LIFELINE_WORKER_THREADS, LIFELINE_WORKER_QUEUE); retry after `Retry-After` seconds'),
    ...Object.entries(options.problems ?? {}).map(([status, description]) => problem(Number(status), description)),
  );
}
