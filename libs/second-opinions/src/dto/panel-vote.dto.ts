import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { OpenVoteDto } from '@app/voting';

export class PanelVoteDto extends OpenVoteDto {
  @ApiProperty({ format: 'date-time', description: 'Between 5 minutes and 30 days from now' })
  @IsISO8601({ strict: true })
  deadline!: string;
}
