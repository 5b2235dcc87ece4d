import { ApiPropertyOptional } from '@nestjs/swagger';
import { COMPLAINT_CATEGORIES, COMPLAINT_SEVERITIES, type ComplaintCategory, type ComplaintSeverity } from '@lifeline/customers/domain';
import { Transform } from 'class-transformer';
import { IsIn } from 'class-validator';
import { IsBusinessTime, Optional } from '../../customers/commands/shared/validators';
import { IsNumberInRange } from '../../customers/queries/shared/query-validators';
import { ReadYourWritesQueryDto } from '../../http/read-your-writes';

export const DEFAULT_OVERDUE_AFTER_DAYS = 7;
const MAX_OVERDUE_AFTER_DAYS = 3650;
const OVERDUE_RULE = `overdueAfterDays must be a number of days from 0 to ${MAX_OVERDUE_AFTER_DAYS}, like 7 or 0.5`;

export class GetComplaintKpisRequestDto extends ReadYourWritesQueryDto {
  @ApiPropertyOptional({ description: 'The figures as of this time: later filings left out, later resolutions count as open. Default: now', format: 'date-time' })
  @Optional()
  @IsBusinessTime()
  asOf?: string;

  @ApiPropertyOptional({ description: 'An open complaint older than this is overdue', minimum: 0, maximum: MAX_OVERDUE_AFTER_DAYS, default: DEFAULT_OVERDUE_AFTER_DAYS })
  @Optional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,6}(\.\d{1,6})?$/.test(value) ? Number(value) : value))
  @IsNumberInRange({ min: 0, max: MAX_OVERDUE_AFTER_DAYS }, { message: OVERDUE_RULE })
  overdueAfterDays?: number;

  @ApiPropertyOptional({ enum: COMPLAINT_CATEGORIES, description: 'Only complaints of this category' })
  @Optional()
  @IsIn(COMPLAINT_CATEGORIES, { message: `category must be one of ${COMPLAINT_CATEGORIES.join(', ')}` })
  category?: ComplaintCategory;

  @ApiPropertyOptional({ enum: COMPLAINT_SEVERITIES, description: 'Only complaints of this severity' })
  @Optional()
  @IsIn(COMPLAINT_SEVERITIES, { message: `severity must be one of ${COMPLAINT_SEVERITIES.join(', ')}` })
  severity?: ComplaintSeverity;
}
