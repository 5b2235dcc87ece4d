import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export type ProjectionStateView = 'catching_up' | 'live' | 'stopped' | 'failed' | 'external';

export interface ProjectionStatusView {
  readonly name: string;
  readonly version: number;
  readonly storeVersion: number;
  readonly checkpoint: number;
  readonly headPosition: number;
  readonly lag: number;
  readonly lagSeconds: number;
  readonly state: ProjectionStateView;
  readonly lastError?: string;
}

export interface ProjectionsView {
  /** Whether this process runs the projector (LIFELINE_RUN_PROJECTOR). */
  readonly projectorInProcess: boolean;
  readonly projections: ProjectionStatusView[];
}

export class ProjectionStatusDto {
  @ApiProperty({ example: 'customer-profiles' })
  name!: string;

  @ApiProperty({ description: "The projection's code version (a bump means: rebuild)", example: 1 })
  version!: number;

  @ApiProperty({ description: 'The live collection version (generation) it is served from', example: 1 })
  storeVersion!: number;

  @ApiProperty({ description: 'Global position of the last event applied (0: none yet); positions order events but do not count them', example: 1289 })
  checkpoint!: number;

  @ApiProperty({ description: "The event store's last position", example: 1290 })
  headPosition!: number;

  @ApiProperty({
    description:
      'Customer events not yet applied (0 when caught up), counted rather than subtracted from positions (which are log offsets on EventStoreDB); ' +
      'counting stops at 100000, so 100000 means at least that many',
    example: 1,
  })
  lag!: number;

  @ApiProperty({ description: 'Age of the oldest event not yet applied, in seconds; 0 when caught up', example: 0.05 })
  lagSeconds!: number;

  @ApiProperty({
    enum: ['catching_up', 'live', 'stopped', 'failed', 'external'],
    description: 'external: the projector runs in another process (LIFELINE_RUN_PROJECTOR=false); figures come from the stored checkpoints',
  })
  state!: string;

  @ApiPropertyOptional({ description: 'Why a failed projection stopped' })
  lastError?: string;
}

export class ProjectionsDto {
  @ApiProperty({ description: 'Whether this API process runs the projector' })
  projectorInProcess!: boolean;

  @ApiProperty({ type: [ProjectionStatusDto] })
  projections!: ProjectionStatusDto[];
}
