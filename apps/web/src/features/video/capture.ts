import type { types } from 'mediasoup-client';

/**
 * What is captured and how it is sent. The camera is sent in three simulcast layers (a quarter,
 * half and full 720p) so each receiver gets the layer its tile needs; together with the microphone
 * they stay under the server's 2 Mbit/s cap on a panelist's send transport. A screen share (the
 * imaging) is one sharp encoding, favoured by the browser when bandwidth is short, as the server
 * favours it for receivers.
 */

export function cameraConstraints(deviceId: string | null): MediaTrackConstraints {
  return {
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    width: { ideal: 1280 },
    height: { ideal: 720 },
    frameRate: { ideal: 30, max: 30 },
  };
}

export function microphoneConstraints(deviceId: string | null): MediaTrackConstraints {
  return {
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
  };
}

/** Full resolution, a calm frame rate: a radiology image must stay legible, not fluid. */
export const SCREEN_CONSTRAINTS: MediaTrackConstraints = {
  width: { max: 2560 },
  height: { max: 1600 },
  frameRate: { ideal: 15, max: 24 },
};

type ProduceSettings = Pick<types.ProducerOptions, 'encodings' | 'codecOptions'>;

export const CAMERA_SEND: ProduceSettings = {
  encodings: [
    { scaleResolutionDownBy: 4, maxBitrate: 150_000 },
    { scaleResolutionDownBy: 2, maxBitrate: 400_000 },
    { scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
  ],
  codecOptions: { videoGoogleStartBitrate: 1000 },
};

export const MICROPHONE_SEND: ProduceSettings = {
  codecOptions: { opusStereo: false, opusDtx: true, opusFec: true, opusNack: true },
};

export const SCREEN_SEND: ProduceSettings = {
  encodings: [
    { maxBitrate: 4_000_000, maxFramerate: 24, priority: 'high', networkPriority: 'high' },
  ],
  codecOptions: { videoGoogleStartBitrate: 1000 },
};
