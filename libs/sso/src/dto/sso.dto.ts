import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class StartSignInDto {
  @ApiPropertyOptional({
    description: 'The path of this site to open once signed in (anything else: the home page)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  next?: string;
}
