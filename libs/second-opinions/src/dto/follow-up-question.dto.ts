import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';

export class FollowUpQuestionDto {
  @ApiProperty({ example: 'Could the radiotherapy be given closer to home?' })
  @IsString()
  @Length(5, 4000)
  question!: string;
}

export class AnswerDto {
  @ApiProperty()
  @IsString()
  @Length(2, 8000)
  answer!: string;
}

export class QuestionParamsDto {
  @IsUUID()
  id!: string;

  @ApiProperty({ description: 'The question’s number', minimum: 1, maximum: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  number!: number;
}
