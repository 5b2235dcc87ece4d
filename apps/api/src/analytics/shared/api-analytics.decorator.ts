import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from '../../customers/commands/shared/problem-details.dto';

const problem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } } });

/** What every analytics endpoint shares in the OpenAPI document: tag, summary, answer and problem responses. */
export function ApiAnalytics(options: { summary: string; description: string; answer?: string; problems?: Record<number, string> }) {
  return applyDecorators(
    ApiTags('analytics'),
    ApiOperation({ summary: options.summary, description: options.description }),
    ApiExtraModels(ProblemDetailsDto),
    ...(options.answer === undefined ? [] : [ApiOkResponse({ description: options.answer })]),
    problem(400, 'Invalid or unknown parameter (`errors` lists each)'),
    ...Object.entries(options.problems ?? {}).map(([status, description]) => problem(Number(status), description)),
  );
}
