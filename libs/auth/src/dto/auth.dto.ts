import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '../domain/password-policy';

export class LoginDto {
  @ApiProperty({ example: 'coordinator@demo.tumorboard.local' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password!: string;
}

export class RefreshDto {
  @ApiPropertyOptional({
    description:
      'Required unless the request carries the header `X-Refresh-Token-Transport: cookie` and the refresh cookie',
  })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  refreshToken?: string;
}

export class AcceptInvitationDto {
  @ApiProperty()
  @IsString()
  @Length(1, 256)
  invitationToken!: string;

  @ApiProperty()
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH + 1)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @ApiProperty()
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH + 1)
  newPassword!: string;
}
