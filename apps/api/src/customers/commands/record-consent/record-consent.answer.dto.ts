import { ApiProperty } from '@nestjs/swagger';
import { CommandAnswerDto } from '../shared/command-answer.dto';

export class ConsentRecordedAnswerDto extends CommandAnswerDto {
  @ApiProperty({
    description: 'Events recorded: one per channel whose consent changed; 0 when the consent already stood (nothing written; revision and position are where the stream was)',
    example: 1,
    minimum: 0,
  })
  recorded!: number;
}
