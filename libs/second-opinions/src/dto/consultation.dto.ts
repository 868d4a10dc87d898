import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsString, Length, Max, Min } from 'class-validator';

export class ConsultationDto {
  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  startsAt!: string;

  @ApiProperty({ minimum: 10, maximum: 240, example: 30 })
  @IsInt()
  @Min(10)
  @Max(240)
  durationMinutes!: number;

  @ApiProperty({
    description: 'Where: a video link or a place',
    example: 'Video call: https://meet.example.org/so-42',
  })
  @IsString()
  @Length(2, 500)
  location!: string;
}
