import { ApiProperty } from '@nestjs/swagger';
import type { CustomerView } from '../shared/customer-view';
import { CustomerViewDto } from '../shared/customer-view.dto';

export interface CustomerPage {
  readonly items: CustomerView[];
  readonly nextCursor: string | null;
}

export class CustomerPageDto {
  @ApiProperty({ type: [CustomerViewDto] })
  items!: CustomerViewDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}
