import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_PAGE_OFFSET, PlatformRole, Specialty, UserStatus } from '@app/contracts';
import { ProfessionalCredentialsDto } from './credentials.dto';

export class InviteUserDto {
  @ApiProperty({ example: 'a.patel@hospital.example' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Dr Anika Patel' })
  @IsString()
  @Length(2, 120)
  displayName!: string;

  @ApiProperty({ enum: Specialty })
  @IsEnum(Specialty)
  specialty!: Specialty;

  @ApiProperty({ example: 'St Elsewhere University Hospital' })
  @IsString()
  @Length(2, 200)
  institution!: string;

  @ApiPropertyOptional({ type: ProfessionalCredentialsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProfessionalCredentialsDto)
  credentials?: ProfessionalCredentialsDto;

  @ApiPropertyOptional({ enum: PlatformRole, default: PlatformRole.User })
  @IsOptional()
  @IsEnum(PlatformRole)
  role?: PlatformRole;
}

export class UpdateProfileDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 120)
  displayName?: string;

  @ApiPropertyOptional({ enum: Specialty })
  @IsOptional()
  @IsEnum(Specialty)
  specialty?: Specialty;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 200)
  institution?: string;

  @ApiPropertyOptional({ type: ProfessionalCredentialsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProfessionalCredentialsDto)
  credentials?: ProfessionalCredentialsDto;
}

export class AdminUpdateUserDto extends UpdateProfileDto {
  @ApiPropertyOptional({ enum: PlatformRole })
  @IsOptional()
  @IsEnum(PlatformRole)
  role?: PlatformRole;

  @ApiPropertyOptional({ enum: [UserStatus.Active, UserStatus.Disabled] })
  @IsOptional()
  @IsIn([UserStatus.Active, UserStatus.Disabled])
  status?: UserStatus.Active | UserStatus.Disabled;
}

export class ListUsersQuery {
  @ApiPropertyOptional({ description: 'Matches name, email or institution' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ enum: Specialty })
  @IsOptional()
  @IsEnum(Specialty)
  specialty?: Specialty;

  @ApiPropertyOptional({ enum: UserStatus })
  @IsOptional()
  @IsEnum(UserStatus)
  status?: UserStatus;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ default: 0, maximum: MAX_PAGE_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_OFFSET)
  offset?: number;
}
