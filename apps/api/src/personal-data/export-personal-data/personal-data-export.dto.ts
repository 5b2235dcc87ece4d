import { ApiProperty } from '@nestjs/swagger';

export class PersonalValueDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'CustomerAcquired' }) eventType!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ example: 'email' }) field!: string;
  @ApiProperty({ description: 'The value as the event holds it (text for every personal field today)', example: 'buying@acme.example', oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'object' }] })
  value!: unknown;
}

export class ExportedEventDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() schemaVersion!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty() position!: number;
  @ApiProperty() revision!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'correlationId, actor, principal…' }) metadata!: Record<string, unknown>;
}

export class PersonalDataExportDto {
  @ApiProperty() customerId!: string;
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ type: [PersonalValueDto] }) personalData!: PersonalValueDto[];
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The profile read model; null while it has not caught up' })
  profile!: Record<string, unknown> | null;
  @ApiProperty({ type: [ExportedEventDto] }) events!: ExportedEventDto[];
}
