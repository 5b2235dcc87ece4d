import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACQUISITION_CHANNELS, CHURN_REASONS } from '@lifeline/customers/domain';

class StatusChangeDto {
  @ApiProperty({ enum: ['active', 'churned'] })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiPropertyOptional({ enum: CHURN_REASONS, description: 'Churn entries only' })
  reason?: string;
}

class ContactsDto {
  @ApiProperty({ example: 4 })
  total!: number;

  @ApiProperty({ description: 'Contacts per channel', example: { phone: 3, email: 1 }, type: 'object', additionalProperties: { type: 'integer' } })
  byChannel!: Record<string, number>;
}

class ProfileComplaintsDto {
  @ApiProperty({ example: 1 })
  open!: number;

  @ApiProperty({ example: 2 })
  resolved!: number;

  @ApiProperty({ description: 'Sum of filing-to-resolution times of resolved complaints, in milliseconds', example: 151200000 })
  resolutionMsTotal!: number;

  @ApiProperty({ description: 'Filing time of each open complaint, by complaint id', type: 'object', additionalProperties: { type: 'string', format: 'date-time' } })
  openFiledAt!: Record<string, string>;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean filing-to-resolution time; null until one is resolved', example: 21 })
  meanTimeToResolutionHours!: number | null;
}

/** GET /customers/{id} and the items of GET /customers. Times are business times (ISO-8601, UTC). */
export class CustomerViewDto {
  @ApiProperty({ example: 'c-1042' })
  customerId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Acme GmbH', description: "Null after the customer's erasure (as email and accountManager)" })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'smb' })
  segment!: string | null;

  @ApiProperty({ enum: ACQUISITION_CHANNELS })
  acquisitionChannel!: string;

  @ApiProperty()
  keyAccount!: boolean;

  @ApiProperty({ type: String, nullable: true })
  accountManager!: string | null;

  @ApiProperty({ enum: ['active', 'churned'] })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  acquiredAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The current churn; null while active' })
  churnedAt!: string | null;

  @ApiProperty({ type: String, enum: CHURN_REASONS, nullable: true })
  churnReason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  firstChurnedAt!: string | null;

  @ApiProperty({ example: 0 })
  reactivations!: number;

  @ApiProperty({ type: [StatusChangeDto] })
  statusHistory!: StatusChangeDto[];

  @ApiProperty({ type: ContactsDto })
  contacts!: ContactsDto;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastContactAt!: string | null;

  @ApiProperty({ type: ProfileComplaintsDto })
  complaints!: ProfileComplaintsDto;

  @ApiProperty({ example: 3 })
  purchases!: number;

  @ApiProperty({
    description:
      'Integer minor units (cents) of `currency` as a JSON number: exact below 2^53 (about 90 trillion in major units), the nearest double beyond. ' +
      'Kept for existing readers; revenueTotalAmount is exact at any size.',
    example: 502000,
  })
  revenueTotal!: number;

  @ApiProperty({
    description: 'The exact revenue total as a decimal string of `currency` with 2 decimals (sums have no upper limit)',
    pattern: '^(0|[1-9][0-9]*)\\.[0-9]{2}$',
    example: '5020.00',
  })
  revenueTotalAmount!: string;

  @ApiProperty({ type: String, nullable: true, example: 'EUR', description: 'null before the first purchase' })
  currency!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  firstPurchaseAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastPurchaseAt!: string | null;

  @ApiProperty({ description: "Revision of the customer's last applied event (the ETag)", example: 7 })
  revision!: number;

  @ApiProperty({ description: 'Global position of that event', example: 1289 })
  lastEventPosition!: number;

  @ApiProperty({ format: 'date-time', description: 'Latest business time of any event' })
  lastEventAt!: string;

  @ApiProperty({ description: 'Whole days from acquisition to the current churn, or to now while active (computed per request)', example: 412 })
  tenureDays!: number;

  @ApiProperty({
    description: 'Latest survey answer per kind (nps, csat, ces): {surveyId, score, at, touchpoint}; {} before any',
    type: 'object',
    additionalProperties: { type: 'object', properties: { surveyId: { type: 'string' }, score: { type: 'integer' }, at: { type: 'string', format: 'date-time' }, touchpoint: { type: 'string', nullable: true } } },
  })
  latestSurveyScores!: Record<string, unknown>;

  @ApiProperty({
    description:
      'Current consent per purpose (marketing, research, service) and channel (email, phone, sms, post): {granted, since, source}; a purpose or channel never recorded is absent; {} before any',
    type: 'object',
    additionalProperties: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { granted: { type: 'boolean' }, since: { type: 'string', format: 'date-time' }, source: { type: 'string', nullable: true } },
        required: ['granted', 'since', 'source'],
      },
    },
    example: { marketing: { email: { granted: true, since: '2025-05-01T12:00:00.000Z', source: 'web form' }, phone: { granted: false, since: '2025-05-20T09:00:00.000Z', source: null } } },
  })
  consents!: Record<string, Record<string, { granted: boolean; since: string; source: string | null }>>;
  @ApiPropertyOptional({ type: Boolean, enum: [true], description: "Present (true) once the customer's personal data was erased (POST /customers/{id}/erasure)" })
  erased?: true;
}

class OpenComplaintDto {
  @ApiProperty() complaintId!: string;
  @ApiProperty() category!: string;
  @ApiProperty() severity!: string;
  @ApiProperty() channel!: string;
  @ApiProperty({ format: 'date-time' }) filedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Explicit acknowledgement; null while none' }) acknowledgedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null once acknowledged' }) acknowledgementDueAt!: string | null;
  @ApiProperty({ format: 'date-time', description: 'Due time of the current resolution cycle (from the filing or the latest reopening)' }) resolutionDueAt!: string;
  @ApiProperty({ description: 'A due time has passed (computed per request)' }) overdue!: boolean;
  @ApiProperty({ type: String, nullable: true }) assignedAgent!: string | null;
  @ApiProperty({ type: String, nullable: true }) assignedTeam!: string | null;
  @ApiProperty({ description: '0 while never escalated' }) escalationLevel!: number;
  @ApiProperty() reopenCount!: number;
}

/** GET /customers/{id}: the profile plus its open complaints with service-level due times. */
export class CustomerDetailViewDto extends CustomerViewDto {
  @ApiProperty({ type: [OpenComplaintDto], description: 'Open complaints, soonest resolution due time first' })
  openComplaints!: OpenComplaintDto[];
}
