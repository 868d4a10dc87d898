import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable } from '@app/core';
import { MAX_ENDPOINT_URL_LENGTH } from '../domain';
import { MAX_DELIVERY_LOG_LIMIT, MIN_WEBHOOK_SECRET_LENGTH } from '../webhook.service';

export class RegisterWebhookDto {
  @ApiProperty({
    example: 'https://integration.hospital.example/tumor-board',
    description: 'http or https (https only in production); no user name or password in it',
  })
  @IsString()
  @MaxLength(MAX_ENDPOINT_URL_LENGTH)
  url!: string;

  @ApiPropertyOptional({
    minLength: MIN_WEBHOOK_SECRET_LENGTH,
    maxLength: 256,
    description: 'Signing secret; omitted, 32 random bytes are generated. Returned once only.',
  })
  @IsOmittable()
  @IsString()
  @Length(MIN_WEBHOOK_SECRET_LENGTH, 256)
  secret?: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'Hospital EHR integration engine' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class DeliveryLogQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_DELIVERY_LOG_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_DELIVERY_LOG_LIMIT)
  limit?: number;
}
