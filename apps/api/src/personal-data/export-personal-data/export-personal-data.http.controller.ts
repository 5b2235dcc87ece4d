import { Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { customerStreamId } from '@lifeline/customers/domain';
import { EVENT_STORE, type EventStore } from '@lifeline/event-store/port';
import { personalValuesOf } from '@lifeline/personal-data';
import { CUSTOMER_PROFILES } from '@lifeline/projections/profile';
import { READ_MODEL_STORE, type ReadModelStore, type StoredDocument } from '@lifeline/read-store/port';
import { Access } from '../../auth/access.decorator';
import { EntityIdPipe } from '../../customers/commands/shared/entity-id.pipe';
import { ENTITY_ID_PATTERN } from '../../customers/commands/shared/validators';
import { ProblemDetailsDto } from '../../customers/commands/shared/problem-details.dto';
import { ProblemError } from '../../http/problem-details';
import { PersonalDataExportDto } from './personal-data-export.dto';

/**
 * Right of access and portability (GDPR Art. 15/20): everything Lifeline holds about one
 * customer, as one JSON document: the personal values, the current profile and every event
 * with its metadata. Read from the event log itself, so nothing a read model dropped is missed.
 */
@ApiTags('personal data')
@Controller('customers')
export class ExportPersonalDataHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readStore: ReadModelStore,
  ) {}

  @Access('admin')
  @Get(':customerId/personal-data')
  @Header('Cache-Control', 'no-store')
  @ApiParam({ name: 'customerId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } })
  @ApiOperation({
    summary: 'Everything held about a customer (GDPR Art. 15/20): personal values, profile, every event',
    description: 'Admin only. `personalData` lists each personal field of each event (docs/security.md names them); `events` is the whole stream with metadata.',
  })
  @ApiOkResponse({ type: PersonalDataExportDto })
  @ApiExtraModels(ProblemDetailsDto)
  @ApiResponse({ status: 400, description: 'Bad customer id or query parameter (`errors` lists each)', content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } } })
  @ApiResponse({ status: 404, description: 'Unknown customer (type /problems/not-found)', content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } } })
  async export(@Param('customerId', EntityIdPipe) customerId: string): Promise<PersonalDataExportDto> {
    const events = await this.eventStore.readStream(customerStreamId(customerId));
    if (events.length === 0) throw new ProblemError({ type: '/problems/not-found', title: 'Not Found', status: 404, detail: `customer ${customerId} is not known` });
    const profile = (await this.readStore.get<StoredDocument & Record<string, unknown>>(CUSTOMER_PROFILES, customerId)) ?? null;
    return {
      customerId,
      exportedAt: new Date().toISOString(),
      personalData: personalValuesOf(events),
      profile,
      events: events.map(({ eventId, type, schemaVersion, occurredAt, recordedAt, position, revision, data, metadata }) => ({
        eventId,
        type,
        schemaVersion,
        occurredAt,
        recordedAt,
        position,
        revision,
        data,
        metadata,
      })),
    };
  }
}
