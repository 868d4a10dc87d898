import { IsIn, IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';
import { IsCanonicalUuid, Refused } from '@app/core';
import { MEDIA_SOURCES, MediaSource } from '@app/media';

export class MediaJoinDto {
  @IsCanonicalUuid()
  meetingId!: string;
}

export class MediaTransportDto {
  @IsCanonicalUuid()
  meetingId!: string;

  @IsIn(['send', 'recv'])
  direction!: 'send' | 'recv';
}

/** Parameters mediasoup checks in depth itself (it refuses malformed ones with an error). */
export class MediaConnectDto {
  @IsCanonicalUuid()
  meetingId!: string;

  @IsCanonicalUuid()
  transportId!: string;

  @IsObject()
  dtlsParameters!: Record<string, unknown>;
}

/**
 * What mediasoup-client's send transport hands its `produce` listener,
 * `{ kind, rtpParameters, appData }`, plus `meetingId` and `transportId`: the
 * source is `appData.source` (the app data given to `transport.produce()`),
 * or `source` at the top level as earlier clients send it.
 */
export class MediaProduceDto {
  @IsCanonicalUuid()
  meetingId!: string;

  @IsCanonicalUuid()
  transportId!: string;

  @IsIn(['audio', 'video'])
  kind!: 'audio' | 'video';

  @IsOptional()
  @IsIn(MEDIA_SOURCES)
  source?: MediaSource;

  /** The client's own app data; only `source` is read. */
  @IsOptional()
  @IsObject()
  appData?: Record<string, unknown>;

  @IsObject()
  rtpParameters!: Record<string, unknown>;
}

/** The source a produce request names, in `source` or `appData.source` (both given: they must agree). */
export function produceSource(dto: MediaProduceDto): MediaSource {
  const fromAppData = dto.appData?.source;
  if (fromAppData !== undefined && !(MEDIA_SOURCES as readonly unknown[]).includes(fromAppData))
    throw new Refused('invalid_input', `appData.source must be one of ${MEDIA_SOURCES.join(', ')}`);
  const source = dto.source ?? (fromAppData as MediaSource | undefined);
  if (source === undefined)
    throw new Refused('invalid_input', 'name the source: appData.source (or source)');
  if (fromAppData !== undefined && fromAppData !== source)
    throw new Refused('invalid_input', 'source and appData.source disagree');
  return source;
}

export class MediaConsumeDto {
  @IsCanonicalUuid()
  meetingId!: string;

  @IsCanonicalUuid()
  transportId!: string;

  @IsCanonicalUuid()
  producerId!: string;

  @IsObject()
  rtpCapabilities!: Record<string, unknown>;
}

export class MediaConsumerDto {
  @IsCanonicalUuid()
  meetingId!: string;

  @IsCanonicalUuid()
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
  @IsCanonicalUuid()
  meetingId!: string;

  @IsCanonicalUuid()
  producerId!: string;

  @IsIn(['pause', 'resume', 'close'])
  action!: 'pause' | 'resume' | 'close';
}
