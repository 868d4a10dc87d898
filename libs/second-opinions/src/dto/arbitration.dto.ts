import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import { ARBITRATION_OUTCOMES, ArbitrationOutcome } from '@app/contracts';

export class RequestArbitrationDto {
  @ApiProperty({ description: 'The third reviewer: a board member who is not an observer' })
  @IsUUID()
  arbiterId!: string;

  @ApiProperty({
    description:
      'Why the opinion goes to arbitration (shown to the arbiter once their own assessment is in)',
  })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class ArbitrationDecisionDto {
  @ApiProperty({ enum: [...ARBITRATION_OUTCOMES] })
  @IsIn([...ARBITRATION_OUTCOMES])
  outcome!: ArbitrationOutcome;

  @ApiProperty()
  @IsString()
  @Length(1, 4000)
  rationale!: string;
}
