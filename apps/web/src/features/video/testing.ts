import { Device, FakeHandler, testFakeParameters, type types } from 'mediasoup-client';
import { vi } from 'vitest';
import type { LiveConnectionState, LiveRequest } from '../../api/live';
import { LiveError } from '../../api/live';
import {
  INITIAL_STATE,
  type MediaClientOptions,
  type MediaSignalling,
  type MediaState,
} from './MediaClient';

/** Fakes for the video feature's tests (tests only): tracks, devices, the signalling server. */

let trackCount = 0;

/** A MediaStreamTrack as far as mediasoup-client and the media client use one. */
export class FakeTrack extends EventTarget {
  readonly id = `track-${(trackCount += 1)}`;
  enabled = true;
  readyState: 'live' | 'ended' = 'live';
  contentHint = '';

  constructor(
    readonly kind: 'audio' | 'video',
    private readonly deviceId = 'default',
  ) {
    super();
  }

  stop(): void {
    this.readyState = 'ended';
  }

  getSettings(): MediaTrackSettings {
    return { deviceId: this.deviceId };
  }

  /** The browser ended it (device unplugged, "Stop sharing"). */
  end(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

export function asTrack(track: FakeTrack): MediaStreamTrack {
  return track as unknown as MediaStreamTrack;
}

function streamOf(tracks: FakeTrack[]): MediaStream {
  return {
    getVideoTracks: () => tracks.filter((track) => track.kind === 'video'),
    getAudioTracks: () => tracks.filter((track) => track.kind === 'audio'),
  } as unknown as MediaStream;
}

/** Camera, microphone and screen capture; `refuse` makes a kind fail with a DOMException name. */
export function fakeMediaDevices() {
  const refuse: { camera?: string; microphone?: string; screen?: string } = {};
  const captured: FakeTrack[] = [];
  const requests: MediaStreamConstraints[] = [];
  const deviceIdOf = (constraint: boolean | MediaTrackConstraints | undefined) => {
    const wanted = typeof constraint === 'object' ? constraint.deviceId : undefined;
    return typeof wanted === 'object' && !Array.isArray(wanted) && typeof wanted.exact === 'string'
      ? wanted.exact
      : 'default';
  };
  const devices = {
    refuse,
    captured,
    requests,
    getUserMedia: async (constraints: MediaStreamConstraints) => {
      requests.push(constraints);
      if (constraints.video && refuse.camera) throw new DOMException('refused', refuse.camera);
      if (constraints.audio && refuse.microphone)
        throw new DOMException('refused', refuse.microphone);
      const tracks: FakeTrack[] = [];
      if (constraints.video) tracks.push(new FakeTrack('video', deviceIdOf(constraints.video)));
      if (constraints.audio) tracks.push(new FakeTrack('audio', deviceIdOf(constraints.audio)));
      captured.push(...tracks);
      return streamOf(tracks);
    },
    getDisplayMedia: async () => {
      if (refuse.screen) throw new DOMException('refused', refuse.screen);
      const track = new FakeTrack('video', 'screen');
      captured.push(track);
      return streamOf([track]);
    },
    enumerateDevices: async () => [
      { deviceId: 'cam-1', kind: 'videoinput', label: 'Front camera', groupId: '' },
      { deviceId: 'cam-2', kind: 'videoinput', label: 'Document camera', groupId: '' },
      { deviceId: 'default', kind: 'audioinput', label: 'Headset', groupId: '' },
    ],
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  };
  return devices;
}

export interface SignalCall {
  event: LiveRequest;
  payload: Record<string, unknown>;
}

type Answer = (payload: Record<string, unknown>) => unknown;

/**
 * The server's side of the `media:*` signalling, in memory: answers like the media gateway
 * (consumers of `video/VP8` or `audio/opus`), records every request, and emits server events.
 */
export function fakeSignalling() {
  const calls: SignalCall[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const reconnectListeners = new Set<() => void>();
  const state: LiveConnectionState = { status: 'connected', problem: null };
  const kinds = new Map<string, 'audio' | 'video'>();
  let producerCount = 0;
  const existing: Array<{
    producerId: string;
    userId: string;
    source: 'camera' | 'microphone' | 'screen';
    kind: 'audio' | 'video';
    paused: boolean;
  }> = [];
  const answers: Partial<Record<LiveRequest, Answer>> = {
    'media:join': () => ({
      routerRtpCapabilities: testFakeParameters.generateRouterRtpCapabilities(),
      iceServers: [],
      producers: existing,
    }),
    'media:transport': () => ({
      transport: testFakeParameters.generateTransportRemoteParameters(),
    }),
    'media:produce': () => {
      producerCount += 1;
      const id = `own-${producerCount}`;
      return { id, producerId: id };
    },
    'media:consume': (payload) => {
      const producerId = String(payload.producerId);
      const kind = kinds.get(producerId) ?? 'video';
      const consumer = testFakeParameters.generateConsumerRemoteParameters({
        id: `consumer-${producerId}-${calls.length}`,
        codecMimeType: kind === 'audio' ? 'audio/opus' : 'video/VP8',
      });
      return {
        consumer: {
          ...consumer,
          consumerId: consumer.id,
          producerId,
          source: kind === 'audio' ? 'microphone' : 'camera',
          appData: { source: kind === 'audio' ? 'microphone' : 'camera' },
        },
      };
    },
  };
  const signalling = {
    calls,
    existing,
    answers,
    state,
    /** A producer someone else has, as `media:join` and `media:newProducer` describe it. */
    remote(
      producerId: string,
      userId: string,
      source: 'camera' | 'microphone' | 'screen',
      paused = false,
    ) {
      const kind = source === 'microphone' ? 'audio' : 'video';
      kinds.set(producerId, kind);
      return { producerId, userId, source, kind, paused } as const;
    },
    /** Requests of one event, their payloads in order. */
    sent(event: LiveRequest) {
      return calls.filter((call) => call.event === event).map((call) => call.payload);
    },
    emit(event: string, payload: unknown) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    reconnect() {
      for (const listener of reconnectListeners) listener();
    },
    request: (async (event: LiveRequest, payload: Record<string, unknown>) => {
      calls.push({ event, payload });
      const answer = answers[event];
      return answer ? answer(payload) : {};
    }) as unknown as MediaSignalling['request'],
    on: ((event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    }) as unknown as MediaSignalling['on'],
    onReconnect(listener: () => void) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    getState: () => state,
  };
  return signalling;
}

export function refusal(code: string, message = code): LiveError {
  return new LiveError(code, message);
}

/** mediasoup devices on mediasoup-client's fake handler; `transports` collects their transports. */
export function fakeDevices(): {
  createDevice: NonNullable<MediaClientOptions['createDevice']>;
  transports: types.Transport[];
} {
  const transports: types.Transport[] = [];
  return {
    transports,
    createDevice: async () => {
      const device = new Device({
        handlerFactory: FakeHandler.createFactory(testFakeParameters),
      });
      device.observer.on('newtransport', (transport) => transports.push(transport));
      return device;
    },
  };
}

/** A media state for the components' tests. */
export function mediaState(overrides: Partial<MediaState> = {}): MediaState {
  return { ...INITIAL_STATE, status: 'connected', ...overrides };
}

/** A media client for the components: a store of `state` and spies for every command. */
export function fakeController(initial: MediaState = mediaState()) {
  let state = initial;
  const listeners = new Set<() => void>();
  const done = () => vi.fn(async () => undefined);
  return {
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getState: () => state,
    /** Replaces the state, as the client would, and redraws. */
    update(patch: Partial<MediaState>) {
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    startPreview: done(),
    join: done(),
    leave: done(),
    retry: done(),
    setMicrophoneMuted: done(),
    setCameraOn: done(),
    startScreenShare: done(),
    stopScreenShare: done(),
    selectCamera: done(),
    selectMicrophone: done(),
    showTile: vi.fn(),
    hideTile: vi.fn(),
  };
}

/** jsdom has no MediaStream: enough of one for `srcObject`. */
export class FakeMediaStream {
  constructor(readonly tracks: MediaStreamTrack[]) {}
}
