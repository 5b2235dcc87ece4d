import { ApiProperty, getSchemaPath } from '@nestjs/swagger';

class ResolutionTimeDto {
  @ApiProperty({ description: 'Resolved complaints measured' })
  count!: number;

  @ApiProperty({ type: Number, nullable: true })
  meanHours!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  medianHours!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '90th percentile, linear interpolation (numpy default)' })
  p90Hours!: number | null;
}

/** Also registered with ApiExtraModels by the controller, so byCategory/bySeverity's `$ref` resolves. */
export class ComplaintGroupDto {
  @ApiProperty()
  open!: number;

  @ApiProperty()
  resolved!: number;

  @ApiProperty({ type: Number, nullable: true })
  meanResolutionHours!: number | null;
}

class SatisfactionDto {
  @ApiProperty({ type: Number, nullable: true, description: '1–5, over resolved complaints with a score' })
  average!: number | null;

  @ApiProperty({ description: 'Resolved complaints with a score' })
  answered!: number;
}

class OverdueComplaintDto {
  @ApiProperty({ example: 'c-1042:k-3' })
  id!: string;

  @ApiProperty()
  customerId!: string;

  @ApiProperty()
  complaintId!: string;

  @ApiProperty({ format: 'date-time' })
  filedAt!: string;

  @ApiProperty()
  ageHours!: number;
}

class OpenOlderThanDto {
  @ApiProperty({ description: 'The threshold, in hours (overdueAfterDays × 24)' })
  hours!: number;

  @ApiProperty()
  count!: number;

  @ApiProperty({ type: [OverdueComplaintDto], description: 'Oldest first' })
  complaints!: OverdueComplaintDto[];
}

const GROUPS = { type: 'object', additionalProperties: { $ref: getSchemaPath(ComplaintGroupDto) } } as const;

export class ComplaintKpisDto {
  @ApiProperty({ format: 'date-time' })
  asOf!: string;

  @ApiProperty()
  open!: number;

  @ApiProperty()
  resolved!: number;

  @ApiProperty({ type: ResolutionTimeDto })
  resolutionTime!: ResolutionTimeDto;

  @ApiProperty({ ...GROUPS, description: 'Every category, zero counts included' })
  byCategory!: Record<string, ComplaintGroupDto>;

  @ApiProperty({ ...GROUPS, description: 'Every severity, zero counts included' })
  bySeverity!: Record<string, ComplaintGroupDto>;

  @ApiProperty({ type: SatisfactionDto })
  satisfaction!: SatisfactionDto;

  @ApiProperty({ type: OpenOlderThanDto })
  openOlderThan!: OpenOlderThanDto;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Against the service levels (LIFELINE_COMPLAINT_SLA): openByAgeAndSeverity {buckets, bySeverity}, milestones {acknowledgement, resolution: ' +
      '{due, breached, breachRate, recordedBreaches}}, timeToAcknowledge and timeToResolve {count, medianHours, p90Hours}, reopenRate ' +
      '{resolved, reopened, rate}, byCategory / byChannel / byMonth {filed, open, acknowledgementBreachRate, resolutionBreachRate, ' +
      'medianHoursToAcknowledge, medianHoursToResolve, reopenRate}. See docs/analytics.md.',
  })
  serviceLevels!: Record<string, unknown>;
}
