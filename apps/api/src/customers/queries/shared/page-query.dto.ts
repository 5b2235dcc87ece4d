import { ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@lifeline/read-store/port';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';
import { ReadYourWritesQueryDto } from '../../../http/read-your-writes';
import { Optional } from '../../commands/shared/validators';
import { IsNumberInRange } from './query-validators';

/** Query strings are text: a whole number becomes a number, anything else stays as given for the validator to refuse. */
export const wholeNumber = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value));

const LIMIT_RULE = `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`;

/** Keyset paging: `limit` items, then `cursor` = the previous page's `nextCursor`. */
export class PageQueryDto extends ReadYourWritesQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @Optional()
  @wholeNumber()
  @IsNumberInRange({ min: 1, max: MAX_PAGE_SIZE, integer: true }, { message: LIMIT_RULE })
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page, with the same filters and sort; opaque' })
  @Optional()
  @Matches(/^[A-Za-z0-9_-]{1,1024}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}
