import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { NetworkQuality } from './quality';
import { TrackVideo } from './TrackMedia';
import type { MediaController } from './useMedia';
import type { VideoSource } from './visibility';
import { QUALITY_LABELS, initials } from './words';

/**
 * Tells the media client that this tile is on screen, how wide it is drawn (ResizeObserver) and
 * whether it is scrolled into view (IntersectionObserver), until it goes away.
 */
function useTileReport(
  client: MediaController,
  userId: string,
  source: VideoSource,
  ref: React.RefObject<HTMLElement | null>,
  enabled: boolean,
): void {
  const tileId = useId();
  useEffect(() => {
    const element = ref.current;
    if (!enabled || !element) return;
    let width = element.getBoundingClientRect().width;
    let visible = true;
    const report = () => client.showTile(tileId, { userId, source, width, visible });
    report();
    const resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            const entry = entries[entries.length - 1];
            if (!entry) return;
            width = entry.contentRect.width;
            report();
          });
    resize?.observe(element);
    const intersect =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver((entries) => {
            const entry = entries[entries.length - 1];
            if (!entry) return;
            visible = entry.isIntersecting;
            report();
          });
    intersect?.observe(element);
    return () => {
      resize?.disconnect();
      intersect?.disconnect();
      client.hideTile(tileId);
    };
  }, [client, tileId, userId, source, ref, enabled]);
}

function QualityIndicator({ quality }: { quality: NetworkQuality }) {
  if (quality === 'unknown') return null;
  return (
    <span className={`video-quality video-quality-${quality}`}>
      <span className="video-quality-bars" aria-hidden="true">
        <span />
        <span />
        <span />
      </span>
      Network: {QUALITY_LABELS[quality]}
    </span>
  );
}

export interface VideoTileProps {
  client: MediaController;
  userId: string;
  source: VideoSource;
  name: string;
  /** Under the name: role and specialty. */
  detail?: string;
  /** The video to show; null shows the initials. */
  track: MediaStreamTrack | null;
  /** One's own tile: mirrored, and not reported (it is not received). */
  self?: boolean;
  speaking?: boolean;
  /** `none`: sends no sound at all (listening only, or not in the video). */
  audio: 'on' | 'muted' | 'none';
  cameraOff?: boolean;
  quality: NetworkQuality;
  /** The active speaker shown from another page. */
  spotlight?: boolean;
  /** Extra content in the tile (one's own screen share: its stop button). */
  children?: ReactNode;
}

/** One person's camera or screen, with their name, state badges and network quality. */
export function VideoTile({
  client,
  userId,
  source,
  name,
  detail,
  track,
  self = false,
  speaking = false,
  audio,
  cameraOff = false,
  quality,
  spotlight = false,
  children,
}: VideoTileProps) {
  const ref = useRef<HTMLElement>(null);
  useTileReport(client, userId, source, ref, !self);
  const classes = [
    'video-tile',
    `video-tile-${source}`,
    speaking ? 'video-tile-speaking' : '',
    spotlight ? 'video-tile-spotlight' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <figure
      ref={ref}
      className={classes}
      data-user-id={userId}
      data-source={source}
      data-speaking={speaking || undefined}
    >
      {track ? (
        <TrackVideo
          track={track}
          mirrored={self && source === 'camera'}
          fit={source === 'screen' ? 'contain' : 'cover'}
        />
      ) : (
        <div className="video-tile-empty" aria-hidden="true">
          <span className="video-tile-initials">{initials(name)}</span>
        </div>
      )}
      {children}
      <figcaption className="video-tile-caption">
        <span className="video-tile-name">
          {name}
          {self ? ' (you)' : ''}
        </span>
        {detail ? <span className="video-tile-detail">{detail}</span> : null}
        <span className="video-tile-badges">
          {speaking ? <span className="video-badge video-badge-speaking">Speaking</span> : null}
          {source === 'camera' && audio === 'muted' ? (
            <span className="video-badge video-badge-muted">Muted</span>
          ) : null}
          {source === 'camera' && audio === 'none' ? (
            <span className="video-badge">No sound</span>
          ) : null}
          {source === 'camera' && cameraOff ? (
            <span className="video-badge">Camera off</span>
          ) : null}
          <QualityIndicator quality={quality} />
        </span>
      </figcaption>
    </figure>
  );
}
