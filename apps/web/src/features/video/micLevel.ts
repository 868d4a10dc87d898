import { useEffect, useState } from 'react';

/**
 * The loudness of one frame of time-domain samples (an AnalyserNode's bytes, silence at 128),
 * from 0 to 1: the root mean square, scaled so that ordinary speech fills most of the meter.
 */
export function levelFromSamples(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let index = 0; index < samples.length; index += 1) {
    const centred = ((samples[index] ?? 128) - 128) / 128;
    sum += centred * centred;
  }
  return Math.min(1, Math.sqrt(sum / samples.length) * 4);
}

const SAMPLE_EVERY_MS = 100;

/**
 * The microphone's level, sampled ten times a second through the Web Audio API while the track
 * is live; 0 without a track, or where the browser has no Web Audio.
 */
export function useMicLevel(track: MediaStreamTrack | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!track || typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getByteTimeDomainData(samples);
      setLevel(track.enabled ? levelFromSamples(samples) : 0);
    }, SAMPLE_EVERY_MS);
    return () => {
      clearInterval(timer);
      source.disconnect();
      setLevel(0);
      void context.close();
    };
  }, [track]);
  return level;
}
