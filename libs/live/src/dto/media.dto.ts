import { IsIn, IsInt, IsObject, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class MediaJoinDto {
  @IsUUID()
  meetingId!: string;
}

export class MediaTransportDto {
  @IsUUID()
  meetingId!: string;

  @IsIn(['send', 'recv'])
  direction!: 'send' | 'recv';
}

/** Parameters mediasoup checks in depth itself (it refuses malformed ones with an error). */
export class MediaConnectDto {
  @IsUUID()
  meetingId!: string;

  @IsUUID()
  transportId!: string;

  @IsObject()
  dtlsParameters!: Record<string, unknown>;
}

export class MediaProduceDto {
  @IsUUID()
  meetingId!: string;

  @IsUUID()
  transportId!: string;

  @IsIn(['audio', 'video'])
  kind!: 'audio' | 'video';

  @IsIn(['camera', 'microphone', 'screen'])
  source!: 'camera' | 'microphone' | 'screen';

  @IsObject()
  rtpParameters!: Record<string, unknown>;
}

export class MediaConsumeDto {
  @IsUUID()
  meetingId!: string;

  @IsUUID()
  transportId!: string;

  @IsUUID()
  producerId!: string;

  @IsObject()
  rtpCapabilities!: Record<string, unknown>;
}

export class MediaConsumerDto {
  @IsUUID()
  meetingId!: string;

  @IsUUID()
  consumerId!: string;
}

export class MediaLayersDto extends MediaConsumerDto {
  @IsInt()
  @Min(0)
  @Max(2)
  spatialLayer!: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2)
  temporalLayer?: number;
}

export class MediaProducerDto {
  @IsUUID()
  meetingId!: string;

  @IsUUID()
  producerId!: string;

  @IsIn(['pause', 'resume', 'close'])
  action!: 'pause' | 'resume' | 'close';
}
