import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEnum,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { BoardRole, Specialty } from '@app/contracts';
import { IsOmittable } from '@app/core';

export class QuorumPolicyDto {
  @ApiProperty({ enum: Specialty, isArray: true })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(11)
  @IsEnum(Specialty, { each: true })
  requiredSpecialties!: Specialty[];

  @ApiProperty({ minimum: 1, maximum: 100 })
  @IsInt()
  @Min(1)
  @Max(100)
  minVotingMembers!: number;
}

export class VotingThresholdDto {
  @ApiProperty({ enum: ['simple_majority', 'two_thirds', 'unanimous', 'custom'] })
  @IsIn(['simple_majority', 'two_thirds', 'unanimous', 'custom'])
  kind!: 'simple_majority' | 'two_thirds' | 'unanimous' | 'custom';

  @ApiPropertyOptional({
    description: 'Required with kind=custom: more than 50, at most 100',
    minimum: 51,
    maximum: 100,
  })
  @ValidateIf(
    (threshold: VotingThresholdDto) =>
      threshold.kind === 'custom' || threshold.percent !== undefined,
  )
  @IsInt()
  @Min(51)
  @Max(100)
  percent?: number;
}

export class VotingPolicyDto {
  @ApiProperty({ type: VotingThresholdDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => VotingThresholdDto)
  threshold!: VotingThresholdDto;

  @ApiProperty()
  @IsBoolean()
  abstentionsCountTowardQuorum!: boolean;

  @ApiProperty({ default: true })
  @IsBoolean()
  blindUntilClose!: boolean;

  @ApiProperty()
  @IsBoolean()
  chairCastingVote!: boolean;
}

export class CreateBoardDto {
  @ApiProperty({ example: 'Thoracic Oncology Board' })
  @IsString()
  @Length(2, 120)
  name!: string;

  @ApiProperty({ example: ['lung', 'mesothelioma', 'thymus'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(2, 60, { each: true })
  tumourSites!: string[];

  @ApiProperty({ example: 'Demo University Hospital' })
  @IsString()
  @Length(2, 200)
  institution!: string;

  @ApiProperty({ example: 'Europe/Paris' })
  @IsTimeZone()
  timezone!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({
    type: QuorumPolicyDto,
    description: 'Default: the CoC specialties, 5 voting members',
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => QuorumPolicyDto)
  quorumPolicy?: QuorumPolicyDto;

  @ApiPropertyOptional({
    type: VotingPolicyDto,
    description: 'Default: simple majority, blind until close',
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => VotingPolicyDto)
  votingPolicy?: VotingPolicyDto;
}

export class UpdateBoardDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 120)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(2, 60, { each: true })
  tumourSites?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 200)
  institution?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ type: QuorumPolicyDto })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => QuorumPolicyDto)
  quorumPolicy?: QuorumPolicyDto;

  @ApiPropertyOptional({ type: VotingPolicyDto })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => VotingPolicyDto)
  votingPolicy?: VotingPolicyDto;
}

export class AddMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId!: string;

  @ApiProperty({ enum: BoardRole })
  @IsEnum(BoardRole)
  role!: BoardRole;

  @ApiPropertyOptional({
    description: 'Default: true for all but coordinators; observers never vote',
  })
  @IsOptional()
  @IsBoolean()
  votingRight?: boolean;
}

export class UpdateMemberDto {
  @ApiPropertyOptional({ enum: BoardRole })
  @IsOptional()
  @IsEnum(BoardRole)
  role?: BoardRole;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  votingRight?: boolean;
}
