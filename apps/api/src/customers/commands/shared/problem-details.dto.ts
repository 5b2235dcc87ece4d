import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'acquisitionChannel' })
  field!: string;

  @ApiProperty({ example: 'acquisitionChannel must be one of the following values: web, referral, sales, partner, social, event, other' })
  message!: string;
}

/** RFC 9457 problem details, as every error is answered (application/problem+json). */
export class ProblemDetailsDto {
  @ApiProperty({ description: 'Problem type, relative to the API base URL', example: '/problems/rule-violation' })
  type!: string;

  @ApiProperty({ example: 'The command breaks a business rule' })
  title!: string;

  @ApiProperty({ example: 409 })
  status!: number;

  @ApiProperty({ example: 'customer c-1042 is already churned' })
  detail!: string;

  @ApiProperty({ description: 'The request path', example: '/customers/c-1042/churn' })
  instance!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Validation errors (400), one per problem, at most 20' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ description: 'How many more validation errors there were than `errors` lists', example: 480 })
  moreErrors?: number;

  @ApiPropertyOptional({ description: 'The violated rule (404, 409, 422 from the rules); see docs/events.md', example: 'customer_not_active' })
  rule?: string;

  @ApiPropertyOptional({ description: 'The X-Correlation-Id of the request', example: '6f1c…' })
  correlationId?: string;
}
