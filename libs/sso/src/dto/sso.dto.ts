import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class StartSignInDto {
  @ApiPropertyOptional({
    description: 'The path of this site to open once signed in (anything else: the home page)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  next?: string;
}

export class StartReauthenticationDto {
  @ApiProperty({
    enum: ['sign_recommendation'],
    description: 'The act the confirmation is for: signing a recommendation',
  })
  @IsIn(['sign_recommendation'])
  act!: 'sign_recommendation';

  @ApiProperty({ format: 'uuid', description: 'The recommendation to sign' })
  @IsUUID()
  recommendationId!: string;

  @ApiPropertyOptional({
    description:
      'The path of this site to come back to, told how it went (`stepUp=granted` or the ' +
      'refusal); anything else: the home page',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  next?: string;
}
