import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import {
  ImagingAnnotation,
  ROOM_COMMANDS,
  RoomCommandName,
  UNDISCUSSED_CHOICES,
  UndiscussedChoice,
} from '@app/contracts';
import { IsCanonicalUuid } from '@app/core';

export class JoinMeetingDto {
  @IsCanonicalUuid()
  meetingId!: string;
}

export class MeetingCommandDto {
  @IsCanonicalUuid()
  meetingId!: string;

  @IsIn(ROOM_COMMANDS)
  command!: RoomCommandName;

  @IsOptional()
  @IsCanonicalUuid()
  itemId?: string;

  @IsOptional()
  @IsCanonicalUuid()
  userId?: string;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;

  @IsOptional()
  @IsIn(UNDISCUSSED_CHOICES)
  undiscussed?: UndiscussedChoice;
}

/** 1 to 20 finite [x, y] pairs. */
function ArePoints(): PropertyDecorator {
  return ValidateBy({
    name: 'arePoints',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) &&
        value.length >= 1 &&
        value.length <= 20 &&
        value.every(
          (point) =>
            Array.isArray(point) &&
            point.length === 2 &&
            point.every((n) => typeof n === 'number' && Number.isFinite(n)),
        ),
      defaultMessage: () => 'points must be 1 to 20 [x, y] pairs of finite numbers',
    },
  });
}

class PanDto {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  x!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  y!: number;
}

class AnnotationDto {
  @IsIn(['arrow', 'line', 'angle', 'circle', 'rectangle', 'text'])
  shape!: ImagingAnnotation['shape'];

  @ArePoints()
  points!: Array<[number, number]>;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  text?: string;

  @IsOptional()
  @Matches(/^[0-9.]{1,64}$/, { message: 'sopInstanceUid must be a DICOM UID' })
  sopInstanceUid?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  frame?: number;
}

export class ViewportDto {
  @Matches(/^[0-9.]{1,64}$/, { message: 'studyInstanceUid must be a DICOM UID' })
  studyInstanceUid!: string;

  @IsOptional()
  @Matches(/^[0-9.]{1,64}$/, { message: 'seriesInstanceUid must be a DICOM UID' })
  seriesInstanceUid?: string;

  @IsOptional()
  @Matches(/^[0-9.]{1,64}$/, { message: 'sopInstanceUid must be a DICOM UID' })
  sopInstanceUid?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  frame?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  windowCenter?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  windowWidth?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(100)
  zoom?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => PanDto)
  pan?: PanDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AnnotationDto)
  annotations?: AnnotationDto[];
}

export class ShareImagingDto {
  @IsCanonicalUuid()
  meetingId!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => ViewportDto)
  viewport!: ViewportDto;
}

export class StopImagingDto {
  @IsCanonicalUuid()
  meetingId!: string;
}

export class FollowImagingDto {
  @IsCanonicalUuid()
  meetingId!: string;

  @IsBoolean()
  follow!: boolean;
}
