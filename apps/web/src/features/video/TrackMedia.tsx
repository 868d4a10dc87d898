import { useEffect, useRef } from 'react';

/** A `<video>` showing one track. Always muted: sound plays through the `<audio>` elements. */
export function TrackVideo({
  track,
  mirrored = false,
  fit = 'cover',
}: {
  track: MediaStreamTrack;
  /** One's own camera, shown as in a mirror. */
  mirrored?: boolean;
  /** A screen share is shown whole (`contain`); faces fill their tile (`cover`). */
  fit?: 'cover' | 'contain';
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.srcObject = new MediaStream([track]);
    return () => {
      element.srcObject = null;
    };
  }, [track]);
  return (
    <video
      ref={ref}
      className={`video-media video-media-${fit}${mirrored ? ' video-media-mirrored' : ''}`}
      autoPlay
      playsInline
      muted
    />
  );
}

/** An `<audio>` playing one remote track. */
export function TrackAudio({ track, userId }: { track: MediaStreamTrack; userId: string }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.srcObject = new MediaStream([track]);
    return () => {
      element.srcObject = null;
    };
  }, [track]);
  return <audio ref={ref} autoPlay data-user-id={userId} />;
}
