import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, Matches } from 'class-validator';
import { RFM_SEGMENT_NAMES, type RfmSegment } from '@lifeline/analytics/segmentation';
import { CONSENT_CHANNELS, CONSENT_PURPOSES, type ConsentChannel, type ConsentPurpose } from '@lifeline/customers/domain';
import { IsBusinessTime, Optional } from '../../commands/shared/validators';
import { PageQueryDto } from '../shared/page-query.dto';

/** Fields the list sorts on (all indexed); `-` in front sorts descending. */
export const CUSTOMER_SORT_FIELDS = ['customerId', 'acquiredAt', 'revenueTotal', 'lastEventAt'] as const;
export const CUSTOMER_SORTS = CUSTOMER_SORT_FIELDS.flatMap((field) => [field, `-${field}`]);
export const PROFILE_STATUSES = ['active', 'churned'] as const;

export class ListCustomersRequestDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PROFILE_STATUSES })
  @Optional()
  @IsIn(PROFILE_STATUSES, { message: `status must be one of ${PROFILE_STATUSES.join(', ')}` })
  status?: (typeof PROFILE_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Exact segment, as given at acquisition', example: 'smb' })
  @Optional()
  @Matches(/^[^\x00-\x1f]{1,200}$/, { message: 'segment must be one value of 1 to 200 characters' })
  segment?: string;

  @ApiPropertyOptional({
    enum: RFM_SEGMENT_NAMES,
    description: 'Customers in this RFM segment now (scored as GET /analytics/rfm does over the purchases to date; customers without a purchase are in none)',
  })
  @Optional()
  @IsIn(RFM_SEGMENT_NAMES, { message: `rfmSegment must be one of ${RFM_SEGMENT_NAMES.join(', ')}` })
  rfmSegment?: RfmSegment;

  @ApiPropertyOptional({
    enum: CONSENT_PURPOSES,
    description: 'Customers who may be contacted for this purpose now: consent given (and not withdrawn since) on at least one channel, or on `channel`. Customers who never gave it are not listed (opt-in)',
  })
  @Optional()
  @IsIn(CONSENT_PURPOSES, { message: `contactableFor must be one of ${CONSENT_PURPOSES.join(', ')}` })
  contactableFor?: ConsentPurpose;

  @ApiPropertyOptional({ enum: CONSENT_CHANNELS, description: 'With `contactableFor`: consent given on this channel' })
  @Optional()
  @IsIn(CONSENT_CHANNELS, { message: `channel must be one of ${CONSENT_CHANNELS.join(', ')}` })
  channel?: ConsentChannel;

  @ApiPropertyOptional({ type: Boolean })
  @Optional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'keyAccount must be true or false' })
  keyAccount?: boolean;

  @ApiPropertyOptional({ description: 'Acquired at or after (inclusive)', format: 'date-time', example: '2025-01-01T00:00:00Z' })
  @Optional()
  @IsBusinessTime()
  acquiredFrom?: string;

  @ApiPropertyOptional({ description: 'Acquired before (exclusive)', format: 'date-time', example: '2025-04-01T00:00:00Z' })
  @Optional()
  @IsBusinessTime()
  acquiredTo?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_SORTS, default: 'customerId', description: 'Ties are broken by customerId in the same direction (ascending for `acquiredAt`, descending for `-acquiredAt`)' })
  @Optional()
  @IsIn(CUSTOMER_SORTS, { message: `sort must be one of ${CUSTOMER_SORTS.join(', ')}` })
  sort?: string;
}
