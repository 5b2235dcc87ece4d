import { ApiProperty } from '@nestjs/swagger';

/** What every command answers: where its last event landed. */
export class CommandAnswerDto {
  @ApiProperty({ example: 'c-1042' })
  customerId!: string;

  @ApiProperty({ description: "Revision of the customer's last event after the command (0 = the acquisition).", example: 3, minimum: 0 })
  revision!: number;

  @ApiProperty({ description: 'Global position of that event; read models have caught up once they report it.', example: 1289, minimum: 1 })
  position!: number;
}

export class ContactRecordedAnswerDto extends CommandAnswerDto {
  @ApiProperty({ example: 'ct-7' })
  contactId!: string;
}

export class ComplaintFiledAnswerDto extends CommandAnswerDto {
  @ApiProperty({ example: 'k-3' })
  complaintId!: string;
}

export class PurchaseRecordedAnswerDto extends CommandAnswerDto {
  @ApiProperty({ example: 'o-17' })
  orderId!: string;
}
