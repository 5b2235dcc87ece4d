import { ApiPropertyOptional } from '@nestjs/swagger';
import { ACQUISITION_CHANNELS, type AcquisitionChannel } from '@lifeline/customers/domain';
import { IsIn, IsString, Length } from 'class-validator';
import { IsBusinessTime, Optional } from '../../customers/commands/shared/validators';

export const GRANULARITIES = ['month', 'week'] as const;
export type GranularityParam = (typeof GRANULARITIES)[number];

/** `asOf`: the instant the question is asked at; data after it is ignored. */
export class AsOfParams {
  @ApiPropertyOptional({ description: 'ISO-8601 instant with zone; default now. Events after it are ignored.', format: 'date-time', example: '2025-06-30T00:00:00Z' })
  @Optional()
  @IsBusinessTime()
  asOf?: string;
}

/** The population filters of the lifecycle endpoints. */
export class PopulationParams extends AsOfParams {
  @ApiPropertyOptional({ description: 'Only customers of this segment', example: 'smb' })
  @Optional()
  @IsString()
  @Length(1, 64)
  segment?: string;

  @ApiPropertyOptional({ description: 'Only customers acquired through this channel', enum: ACQUISITION_CHANNELS })
  @Optional()
  @IsIn(ACQUISITION_CHANNELS)
  channel?: AcquisitionChannel;
}

export function granularityProperty() {
  return ApiPropertyOptional({ enum: GRANULARITIES, default: 'month', description: 'Calendar months, or ISO weeks (Monday to Monday, UTC)' });
}

/**
 * Now, rounded up to the whole second: the same question asked within one second is one
 * question (SharedComputations), and what was written just before is still in it.
 */
export const nowIso = () => new Date(Math.ceil(Date.now() / 1000) * 1000).toISOString();
