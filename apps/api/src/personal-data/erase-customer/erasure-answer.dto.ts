import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErasureAnswerDto {
  @ApiProperty({ example: 'c-1042' })
  customerId!: string;

  @ApiProperty({ description: "When the customer's data key was deleted (on a repeat: the first erasure's time).", example: '2026-12-03T20:15:00.000Z' })
  erasedAt!: string;

  @ApiProperty({ description: 'True when the customer had been erased before: nothing new happened.' })
  alreadyErased!: boolean;

  @ApiPropertyOptional({ description: 'Global position of the CustomerErased event (use as minPosition); absent on a repeat.', example: 1290, minimum: 1 })
  position?: number;

  @ApiProperty({
    description:
      'True when the read models had applied the erasure and the read store discarded the deleted bytes before this answer; false when the projector runs in another process or was slower than 10 s (it still rewrites them; docs/runbook.md).',
  })
  readModelsScrubbed!: boolean;
}
