import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../commands/shared/validators';
import { PageQueryDto } from '../shared/page-query.dto';

export const TIMELINE_ORDERS = ['asc', 'desc'] as const;

export class GetCustomerTimelineRequestDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TIMELINE_ORDERS, default: 'asc', description: 'asc: oldest first; desc: newest first' })
  @Optional()
  @IsIn(TIMELINE_ORDERS, { message: 'order must be asc or desc' })
  order?: (typeof TIMELINE_ORDERS)[number];
}
