import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ESCALATION_LEVELS, type EscalationLevel } from '@lifeline/customers/domain';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsBusinessTime, Optional } from '../shared/validators';

class BusinessTimeDto {
  @ApiPropertyOptional({ description: 'Business time (ISO-8601 with zone); defaults to now', format: 'date-time', example: '2025-02-01T11:00:00Z' })
  @Optional()
  @IsBusinessTime()
  occurredAt?: string;
}

export class AcknowledgeComplaintRequestDto extends BusinessTimeDto {
  @ApiProperty({ description: 'Agent (or system) acknowledging the complaint to the customer', maxLength: 200, example: 'm.weiss' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  acknowledgedBy!: string;
}

export class AssignComplaintRequestDto extends BusinessTimeDto {
  @ApiPropertyOptional({ description: 'Agent now responsible; an agent, a team or both', maxLength: 200, example: 'a.khan' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  agent?: string;

  @ApiPropertyOptional({ description: 'Team now responsible', maxLength: 200, example: 'billing' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  team?: string;
}

export class EscalateComplaintRequestDto extends BusinessTimeDto {
  @ApiProperty({ enum: ESCALATION_LEVELS, description: '1 team lead, 2 complaints manager, 3 management or an external body; higher than the current level', example: 1 })
  @IsIn(ESCALATION_LEVELS)
  level!: EscalationLevel;

  @ApiProperty({ maxLength: 2000, example: 'customer threatens to cancel' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class ReopenComplaintRequestDto extends BusinessTimeDto {
  @ApiProperty({ maxLength: 2000, example: 'charged twice again' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
