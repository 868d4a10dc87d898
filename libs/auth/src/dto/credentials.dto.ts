import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';

export class MedicalLicenceDto {
  @ApiProperty({ example: 'GMC-7654321' })
  @IsString()
  @Length(1, 64)
  number!: string;

  @ApiProperty({ example: 'United Kingdom (GMC)' })
  @IsString()
  @Length(1, 128)
  jurisdiction!: string;

  @ApiPropertyOptional({ example: '2028-06-30' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresOn?: string;
}

export class BoardCertificationDto {
  @ApiProperty({ example: 'American Board of Internal Medicine' })
  @IsString()
  @Length(1, 128)
  board!: string;

  @ApiProperty({ example: 'Medical Oncology' })
  @IsString()
  @Length(1, 128)
  specialty!: string;

  @ApiPropertyOptional({ example: '2015-09-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  certifiedOn?: string;
}

export class ProfessionalCredentialsDto {
  @ApiProperty({ type: [MedicalLicenceDto] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => MedicalLicenceDto)
  licences!: MedicalLicenceDto[];

  @ApiProperty({ type: [BoardCertificationDto] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => BoardCertificationDto)
  boardCertifications!: BoardCertificationDto[];
}
