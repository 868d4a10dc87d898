import { Device, type types } from 'mediasoup-client';
import type { MediaProducerInfo, MediaSourceName } from '@app/contracts';
import { LiveError, type LiveConnection } from '../../api/live';
import {
  CAMERA_SEND,
  MICROPHONE_SEND,
  SCREEN_CONSTRAINTS,
  SCREEN_SEND,
  cameraConstraints,
  microphoneConstraints,
} from './capture';
import {
  captureProblem,
  deviceOptions,
  errorName,
  type DeviceOption,
  type JoinChoice,
} from './devices';
import {
  inboundCounters,
  lossBetween,
  networkQuality,
  transportFigures,
  type NetworkQuality,
  type StatsEntry,
  type StreamCounters,
} from './quality';
import { planVideo, type SpatialLayer, type TileView } from './visibility';

/** What of the live connection the media client uses (the room page's `LiveConnection`). */
export type MediaSignalling = Pick<LiveConnection, 'request' | 'on' | 'onReconnect' | 'getState'>;

/**
 * `idle`: not in the video (a preview may run); `joining`: the first connection; `connected`;
 * `recovering`: the media is being joined again after a failure, with the user's choices kept;
 * `failed`: it gave up, `problem` says why and `retry()` starts again.
 */
export type MediaStatus = 'idle' | 'joining' | 'connected' | 'recovering' | 'failed';

/** One remote stream: its producer, the track when it is received (null when not), muted or not. */
export interface RemoteStream {
  producerId: string;
  track: MediaStreamTrack | null;
  /** Its sender muted it (microphone) or turned it off (camera). */
  paused: boolean;
}

/** Someone else's media: null where they send nothing of that kind. */
export interface RemotePeer {
  userId: string;
  camera: RemoteStream | null;
  screen: RemoteStream | null;
  audio: RemoteStream | null;
}

export interface LocalMedia {
  /** The camera's track (preview and what is sent); null while the camera is off. */
  cameraTrack: MediaStreamTrack | null;
  /** The microphone's track; null when there is none (listening only). */
  microphoneTrack: MediaStreamTrack | null;
  cameraOn: boolean;
  microphoneMuted: boolean;
  sharing: boolean;
}

export interface MediaDevicesState {
  cameras: DeviceOption[];
  microphones: DeviceOption[];
  /** The chosen device; null: the browser's default. */
  cameraId: string | null;
  microphoneId: string | null;
  /** Why the camera is unavailable, in words that say what to do. */
  cameraProblem: string | null;
  microphoneProblem: string | null;
  /** A camera or microphone is being started. */
  starting: boolean;
}

export interface MediaState {
  status: MediaStatus;
  /** Why joining failed or is being retried, in words a person can act on. */
  problem: string | null;
  local: LocalMedia;
  devices: MediaDevicesState;
  /** Everyone else who sends something, in the order their streams arrived. */
  peers: RemotePeer[];
  activeSpeakerId: string | null;
  /** One's own link (what one sends), and per peer what reaches one of theirs. */
  quality: { local: NetworkQuality; peers: Record<string, NetworkQuality> };
  /** Problems with sharing the screen, in words. */
  shareProblem: string | null;
}

export interface MediaClientOptions {
  /** The browser's media devices; `navigator.mediaDevices` by default. */
  mediaDevices?: MediaDevices;
  /** Makes the mediasoup device; by default one for this browser. */
  createDevice?: () => Promise<Device>;
}

/** After this many failed attempts in a row the client stops and asks the user. */
const MAX_ATTEMPTS = 6;
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 15_000;
/** A transport `disconnected` this long is treated as failed (ICE did not come back by itself). */
const DISCONNECTED_GRACE_MS = 8_000;
const STATS_EVERY_MS = 3_000;
/** Tile changes are gathered this long before the consumers are adjusted (resizes come in bursts). */
const RECONCILE_DELAY_MS = 150;

/** Before anything is joined or previewed. */
export const INITIAL_STATE: MediaState = {
  status: 'idle',
  problem: null,
  local: {
    cameraTrack: null,
    microphoneTrack: null,
    cameraOn: true,
    microphoneMuted: false,
    sharing: false,
  },
  devices: {
    cameras: [],
    microphones: [],
    cameraId: null,
    microphoneId: null,
    cameraProblem: null,
    microphoneProblem: null,
    starting: false,
  },
  peers: [],
  activeSpeakerId: null,
  quality: { local: 'unknown', peers: {} },
  shareProblem: null,
};

interface Session {
  generation: number;
  device: Device;
  iceServers: RTCIceServer[];
  recv: types.Transport;
  send: types.Transport | null;
  sendCreating: Promise<types.Transport> | null;
}

interface RemoteRecord extends MediaProducerInfo {
  consumer: types.Consumer | null;
  consuming: boolean;
  /** A video consumer being received and drawn (resumed here and on the server). */
  shown: boolean;
  /** The spatial layer last asked for (it holds while the consumer is paused); null: none yet. */
  layer: SpatialLayer | null;
  /** The server said this browser cannot receive it: not asked again. */
  unavailable: boolean;
}

/** Work of an earlier connection that a newer one replaced: dropped quietly. */
class Superseded extends Error {}

function wordsOf(error: unknown): string {
  if (error instanceof LiveError) return error.message;
  if (errorName(error) === 'UnsupportedError')
    return 'This browser cannot take part in video calls: use a current Chrome, Edge, Firefox or Safari.';
  return error instanceof Error ? error.message : String(error);
}

function statsOf(report: RTCStatsReport): StatsEntry[] {
  return [...(report as unknown as Map<string, StatsEntry>).values()];
}

/**
 * The video and audio of one meeting, outside React: it loads the mediasoup device, opens a send
 * and a receive transport through the live connection's `media:*` signalling, sends the camera
 * (simulcast), the microphone and the screen, and receives everyone else's streams: all audio,
 * and video only for the tiles on screen (`showTile`/`hideTile`): a video no tile shows is paused
 * here and on the server (`media:pause`: nothing is forwarded to this browser) and resumed
 * (`media:resume`) when a tile shows it again. When the media server restarts,
 * a transport fails or the connection comes back, it closes everything and joins again with the
 * user's choices (muted, camera, devices; a screen share stops). Components draw `getState()`.
 *
 * The meeting itself must be joined (`meeting:join`) first: call `roomJoined()` each time the room
 * page has (re)joined it.
 */
export class MediaClient {
  private state: MediaState = INITIAL_STATE;
  private readonly listeners = new Set<() => void>();
  /** Stops listening to the server's media events (while in the video). */
  private signallingStops: Array<() => void> = [];
  /** Stops listening to device changes (while previewing or in the video). */
  private deviceWatchStop: (() => void) | null = null;
  private readonly createDevice: () => Promise<Device>;
  private readonly mediaDevicesOption: MediaDevices | undefined;

  /** The choice the user joined with; null when not in the video. */
  private choice: JoinChoice | null = null;
  /** Bumped by every (re)connection and by leaving: older async work sees it and stops. */
  private generation = 0;
  private session: Session | null = null;
  private readonly producers = new Map<MediaSourceName, types.Producer>();
  private screenTrack: MediaStreamTrack | null = null;
  private readonly remotes = new Map<string, RemoteRecord>();
  private readonly tiles = new Map<string, TileView>();
  private readonly counters = new Map<string, StreamCounters>();
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private reconcileTimer: ReturnType<typeof setTimeout> | null = null;
  private disconnectedTimer: ReturnType<typeof setTimeout> | null = null;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private reconciling = false;
  private reconcileAgain = false;
  /** Local device work (capture, produce, mute) runs one step at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly live: MediaSignalling,
    readonly meetingId: string,
    options: MediaClientOptions = {},
  ) {
    this.createDevice = options.createDevice ?? (() => Device.factory());
    this.mediaDevicesOption = options.mediaDevices;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): MediaState => this.state;

  /** Starts the camera and microphone for the preview (with the chosen devices) and lists devices. */
  startPreview(): Promise<void> {
    this.listenToDevices();
    // Said at once, so that nothing offers to join before the devices are known.
    this.patchDevices({ starting: true });
    return this.serial(async () => {
      this.patchDevices({ starting: true });
      const local = this.state.local;
      const wantCamera = !local.cameraTrack;
      const wantMicrophone = !local.microphoneTrack;
      try {
        // One request first, so that the browser asks for both at once.
        const both = wantCamera && wantMicrophone ? await this.captureBoth() : null;
        const camera = both ? both.camera : wantCamera ? await this.capture('camera') : null;
        const microphone = both
          ? both.microphone
          : wantMicrophone
            ? await this.capture('microphone')
            : null;
        this.patchLocal({
          ...(camera ? { cameraTrack: camera, cameraOn: true } : {}),
          ...(microphone ? { microphoneTrack: microphone } : {}),
        });
        if (microphone) microphone.enabled = !this.state.local.microphoneMuted;
      } finally {
        this.patchDevices({ starting: false });
        await this.refreshDevices();
      }
    });
  }

  /**
   * Joins the meeting's video: sends what `choice` says (with the preview's tracks, started now
   * if needed) and receives the others. Retries with backoff; the state says how it goes.
   */
  join(choice: JoinChoice): Promise<void> {
    if (this.choice) return Promise.resolve();
    this.choice = choice;
    this.listenToSignalling();
    this.listenToDevices();
    this.attempts = 0;
    this.set({ status: 'joining', problem: null });
    return this.serial(() => this.prepareLocal(choice)).then(() => this.attempt());
  }

  /** The meeting room was (re)joined: a pending (re)connection of the media goes ahead now. */
  roomJoined(): void {
    if (!this.choice || this.retryTimer === null) return;
    void this.attempt();
  }

  /** After `failed`: tries again with the same choices. */
  retry(): Promise<void> {
    if (!this.choice || this.state.status !== 'failed') return Promise.resolve();
    this.attempts = 0;
    this.set({ status: 'recovering', problem: 'Joining the video again…' });
    return this.attempt();
  }

  /**
   * Leaves the video (or stops the preview): closes the transports, tells the server, stops the
   * camera, microphone and screen. The client can start again afterwards.
   */
  leave(): Promise<void> {
    const wasIn = this.choice !== null;
    this.choice = null;
    this.generation += 1;
    this.clearRetry();
    this.teardown();
    for (const stop of this.signallingStops.splice(0)) stop();
    this.deviceWatchStop?.();
    this.deviceWatchStop = null;
    if (wasIn && this.live.getState().status === 'connected') {
      void this.live.request('media:leave', { meetingId: this.meetingId }).catch(() => undefined);
    }
    this.set({
      status: 'idle',
      problem: null,
      peers: [],
      activeSpeakerId: null,
      quality: { local: 'unknown', peers: {} },
      shareProblem: null,
    });
    return this.serial(async () => {
      if (this.choice) return;
      this.state.local.cameraTrack?.stop();
      this.state.local.microphoneTrack?.stop();
      this.patchLocal({
        cameraTrack: null,
        microphoneTrack: null,
        cameraOn: true,
        microphoneMuted: false,
      });
    });
  }

  /** Mutes (pauses the microphone's producer, here and on the server) or unmutes. */
  setMicrophoneMuted(muted: boolean): Promise<void> {
    return this.serial(async () => {
      const producer = this.producers.get('microphone');
      let track = this.state.local.microphoneTrack;
      if (!muted && !track) {
        // Listening only so far, or the microphone was unplugged: a new capture.
        track = await this.capture('microphone');
        if (!track) return;
        this.patchLocal({ microphoneTrack: track });
        await producer?.replaceTrack({ track });
      }
      this.patchLocal({ microphoneMuted: muted });
      if (track) track.enabled = !muted;
      if (producer) {
        if (muted) producer.pause();
        else producer.resume();
        await this.controlProducer(producer, muted ? 'pause' : 'resume');
      } else if (!muted && track && this.session) {
        await this.produceQuietly('microphone', track);
      }
    });
  }

  /**
   * Turns the camera off (the producer is paused for everyone and the camera released, so its
   * light goes out) or on again (a new capture replaces the track and the producer resumes).
   */
  setCameraOn(on: boolean): Promise<void> {
    return this.serial(async () => {
      const producer = this.producers.get('camera');
      if (!on) {
        const track = this.state.local.cameraTrack;
        this.patchLocal({ cameraOn: false, cameraTrack: null });
        if (producer) {
          producer.pause();
          await this.controlProducer(producer, 'pause');
          await producer.replaceTrack({ track: null }).catch(() => undefined);
        }
        track?.stop();
        return;
      }
      const track = this.state.local.cameraTrack ?? (await this.capture('camera'));
      if (!track) return;
      this.patchLocal({ cameraOn: true, cameraTrack: track });
      if (producer) {
        await producer.replaceTrack({ track });
        producer.resume();
        await this.controlProducer(producer, 'resume');
      } else if (this.session) {
        await this.produceQuietly('camera', track);
      }
    });
  }

  /** Shares a screen or window (the browser asks which); stops by itself when the browser's own
   * "Stop sharing" ends the capture. */
  startScreenShare(): Promise<void> {
    return this.serial(async () => {
      if (!this.session || this.screenTrack) return;
      this.set({ shareProblem: null });
      let track: MediaStreamTrack | undefined;
      try {
        const stream = await this.mediaDevices().getDisplayMedia({
          video: SCREEN_CONSTRAINTS,
          audio: false,
        });
        track = stream.getVideoTracks()[0];
      } catch (error) {
        // Closing the browser's picker is a choice, not a problem.
        const name = errorName(error);
        if (name !== 'NotAllowedError' && name !== 'AbortError')
          this.set({ shareProblem: captureProblem(error, 'screen') });
        return;
      }
      if (!track) return;
      const shared = track;
      shared.contentHint = 'detail';
      shared.addEventListener('ended', () => {
        if (this.screenTrack === shared) void this.stopScreenShare();
      });
      this.screenTrack = shared;
      this.patchLocal({ sharing: true });
      try {
        await this.produce('screen', shared, this.generation);
      } catch (error) {
        if (error instanceof Superseded || this.screenTrack !== shared) return;
        this.screenTrack = null;
        shared.stop();
        this.patchLocal({ sharing: false });
        this.set({ shareProblem: `The screen could not be shared: ${wordsOf(error)}` });
      }
    });
  }

  /** Stops sharing: the producer is closed, here and on the server, and the capture ends. */
  stopScreenShare(): Promise<void> {
    return this.serial(async () => {
      const producer = this.producers.get('screen');
      this.producers.delete('screen');
      this.screenTrack?.stop();
      this.screenTrack = null;
      this.patchLocal({ sharing: false });
      if (producer) {
        producer.close();
        await this.controlProducer(producer, 'close');
      }
    });
  }

  /** Uses another camera: captured now and swapped into the producer without renegotiation. */
  selectCamera(deviceId: string): Promise<void> {
    return this.serial(async () => {
      this.patchDevices({ cameraId: deviceId });
      const old = this.state.local.cameraTrack;
      if (!old) return;
      const track = await this.capture('camera');
      if (!track) return;
      await this.producers.get('camera')?.replaceTrack({ track });
      this.patchLocal({ cameraTrack: track });
      old.stop();
    });
  }

  /** Uses another microphone: captured now and swapped into the producer. */
  selectMicrophone(deviceId: string): Promise<void> {
    return this.serial(async () => {
      this.patchDevices({ microphoneId: deviceId });
      const old = this.state.local.microphoneTrack;
      if (!old) return;
      const track = await this.capture('microphone');
      if (!track) return;
      track.enabled = !this.state.local.microphoneMuted;
      await this.producers.get('microphone')?.replaceTrack({ track });
      this.patchLocal({ microphoneTrack: track });
      old.stop();
    });
  }

  /**
   * A tile is on screen (or changed size): the video it shows is received, at the simulcast
   * layer its width needs. `tileId` is the tile's own key.
   */
  showTile(tileId: string, view: TileView): void {
    const known = this.tiles.get(tileId);
    if (
      known &&
      known.userId === view.userId &&
      known.source === view.source &&
      known.width === view.width &&
      known.visible === view.visible
    )
      return;
    this.tiles.set(tileId, { ...view });
    this.scheduleReconcile();
  }

  /** A tile is gone (another page, unmounted): its video is paused unless another tile shows it. */
  hideTile(tileId: string): void {
    if (this.tiles.delete(tileId)) this.scheduleReconcile();
  }

  // ---------- connection ----------

  private async attempt(): Promise<void> {
    this.clearRetry();
    if (!this.choice) return;
    if (this.live.getState().status !== 'connected') {
      // Not counted as a failure: the connection's return (onReconnect) or this timer goes on.
      this.set({ problem: 'Waiting for the connection to the meeting…' });
      this.retryTimer = setTimeout(() => void this.attempt(), RETRY_BASE_MS * 2);
      return;
    }
    this.generation += 1;
    const generation = this.generation;
    this.teardown();
    try {
      await this.connect(generation);
      this.attempts = 0;
      this.set({ status: 'connected', problem: null });
    } catch (error) {
      if (error instanceof Superseded || generation !== this.generation) return;
      this.teardown();
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    const words = wordsOf(error);
    const permanent =
      (error instanceof LiveError && error.code === 'forbidden') ||
      errorName(error) === 'UnsupportedError';
    this.attempts += 1;
    if (permanent || this.attempts >= MAX_ATTEMPTS) {
      this.set({
        status: 'failed',
        problem: permanent
          ? words
          : `The video could not connect (${words}). Check the network connection, then try again.`,
      });
      return;
    }
    const delay = Math.min(RETRY_BASE_MS * 2 ** (this.attempts - 1), RETRY_MAX_MS);
    this.set({
      problem: `The video could not connect (${words}); trying again in ${Math.ceil(delay / 1000)} s.`,
    });
    this.retryTimer = setTimeout(() => void this.attempt(), delay);
  }

  /** Closes the media and joins it again, keeping the user's choices. */
  private recover(reason: string, delayMs = 0): void {
    if (!this.choice) return;
    this.generation += 1;
    this.clearRetry();
    this.teardown();
    this.attempts = 0;
    this.set({ status: 'recovering', problem: reason, activeSpeakerId: null });
    this.retryTimer = setTimeout(() => void this.attempt(), delayMs);
  }

  private async connect(generation: number): Promise<void> {
    const joined = await this.live.request('media:join', { meetingId: this.meetingId });
    this.check(generation);
    // Known from now on, so that a producer closing while the transport is set up is forgotten.
    for (const producer of joined.producers) this.addRemote(producer);
    const device = await this.createDevice();
    await device.load({
      routerRtpCapabilities: joined.routerRtpCapabilities as types.RtpCapabilities,
    });
    this.check(generation);
    const { transport } = await this.live.request('media:transport', {
      meetingId: this.meetingId,
      direction: 'recv',
    });
    this.check(generation);
    const iceServers = joined.iceServers;
    const recv = device.createRecvTransport({
      ...(transport as unknown as types.TransportOptions),
      iceServers,
    });
    this.watchTransport(recv, generation);
    this.session = { generation, device, iceServers, recv, send: null, sendCreating: null };
    for (const record of this.remotes.values())
      if (record.kind === 'audio') void this.receiveAudio(record);
    this.publishPeers();
    this.statsTimer = setInterval(() => void this.sampleStats(), STATS_EVERY_MS);
    this.scheduleReconcile();
    await this.serial(() => this.produceLocal(generation));
  }

  /** Stops everything of the current connection; local tracks are kept (stopTracks: false). */
  private teardown(): void {
    for (const timer of [this.reconcileTimer, this.disconnectedTimer]) {
      if (timer !== null) clearTimeout(timer);
    }
    this.reconcileTimer = null;
    this.disconnectedTimer = null;
    if (this.statsTimer !== null) clearInterval(this.statsTimer);
    this.statsTimer = null;
    const session = this.session;
    this.session = null;
    session?.recv.close();
    session?.send?.close();
    this.producers.clear();
    if (this.screenTrack) {
      this.screenTrack.stop();
      this.screenTrack = null;
      this.patchLocal({ sharing: false });
    }
    this.remotes.clear();
    this.counters.clear();
    this.publishPeers();
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private check(generation: number): void {
    if (generation !== this.generation) throw new Superseded();
  }

  private watchTransport(transport: types.Transport, generation: number): void {
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.live
        .request('media:connect', {
          meetingId: this.meetingId,
          transportId: transport.id,
          dtlsParameters,
        })
        .then(() => callback(), errback);
    });
    transport.on('connectionstatechange', (connectionState) => {
      if (generation !== this.generation) return;
      if (connectionState === 'failed') {
        this.recover('The video connection failed; reconnecting…');
      } else if (connectionState === 'disconnected') {
        if (this.disconnectedTimer !== null) return;
        this.disconnectedTimer = setTimeout(() => {
          this.disconnectedTimer = null;
          if (generation === this.generation)
            this.recover('The video connection was lost; reconnecting…');
        }, DISCONNECTED_GRACE_MS);
      } else if (connectionState === 'connected' && this.disconnectedTimer !== null) {
        clearTimeout(this.disconnectedTimer);
        this.disconnectedTimer = null;
      }
    });
  }

  private listenToSignalling(): void {
    if (this.signallingStops.length > 0) return;
    this.signallingStops.push(
      this.live.on('media:newProducer', (producer) => {
        if (!this.session) return;
        const record = this.addRemote(producer);
        if (record.kind === 'audio') void this.receiveAudio(record);
        else this.scheduleReconcile();
        this.publishPeers();
      }),
      // Told to everyone in the meeting, with `consumerId` null where it was not received: the
      // record (and its consumer, if any) is found by the producer.
      this.live.on('media:producerClosed', ({ producerId }) => {
        const record = this.remotes.get(producerId);
        if (!record) return;
        if (record.consumer) {
          record.consumer.close();
          this.counters.delete(record.consumer.id);
        }
        this.remotes.delete(producerId);
        this.publishPeers();
      }),
      this.live.on('media:producerPaused', ({ producerId }) => this.setPaused(producerId, true)),
      this.live.on('media:producerResumed', ({ producerId }) => this.setPaused(producerId, false)),
      this.live.on('media:activeSpeaker', ({ meetingId, userId }) => {
        if (meetingId === this.meetingId && this.session) this.set({ activeSpeakerId: userId });
      }),
      this.live.on('media:restart', ({ meetingId }) => {
        if (meetingId === this.meetingId) this.recover('The video server restarted; reconnecting…');
      }),
      this.live.onReconnect(() =>
        // The server dropped this socket's media with it; the room page rejoins the meeting
        // and says so through roomJoined(), or the attempt after the first backoff goes ahead.
        this.recover('The connection came back; reconnecting the video…', RETRY_BASE_MS),
      ),
    );
  }

  private listenToDevices(): void {
    const media = this.mediaDevicesOption ?? globalThis.navigator?.mediaDevices;
    if (!media || this.deviceWatchStop) return;
    const onChange = () => void this.refreshDevices();
    media.addEventListener('devicechange', onChange);
    this.deviceWatchStop = () => media.removeEventListener('devicechange', onChange);
  }

  // ---------- sending ----------

  /** Sends what the user chose (at connection time): microphone (maybe muted) and camera. */
  private async produceLocal(generation: number): Promise<void> {
    if (generation !== this.generation) return;
    const { microphoneTrack, cameraTrack, cameraOn, microphoneMuted } = this.state.local;
    if (microphoneTrack) {
      microphoneTrack.enabled = !microphoneMuted;
      const producer = await this.produceQuietly('microphone', microphoneTrack);
      if (producer && microphoneMuted) {
        producer.pause();
        await this.controlProducer(producer, 'pause');
      }
    }
    if (cameraOn && cameraTrack) await this.produceQuietly('camera', cameraTrack);
  }

  /** Produces; a refusal becomes the device's problem instead of failing the connection. */
  private async produceQuietly(
    source: 'camera' | 'microphone',
    track: MediaStreamTrack,
  ): Promise<types.Producer | null> {
    const generation = this.generation;
    try {
      return await this.produce(source, track, generation);
    } catch (error) {
      if (error instanceof Superseded || generation !== this.generation) return null;
      const problem = `Your ${source} could not be sent: ${wordsOf(error)}`;
      this.patchDevices(
        source === 'camera' ? { cameraProblem: problem } : { microphoneProblem: problem },
      );
      return null;
    }
  }

  private async produce(
    source: MediaSourceName,
    track: MediaStreamTrack,
    generation: number,
  ): Promise<types.Producer> {
    const transport = await this.sendTransport(generation);
    const settings =
      source === 'camera' ? CAMERA_SEND : source === 'screen' ? SCREEN_SEND : MICROPHONE_SEND;
    const producer = await transport.produce({
      track,
      ...settings,
      // The tracks are the user's (preview, device switches, recovery): closing must not stop them.
      stopTracks: false,
      appData: { source },
    });
    if (generation !== this.generation) {
      producer.close();
      throw new Superseded();
    }
    this.producers.set(source, producer);
    return producer;
  }

  private sendTransport(generation: number): Promise<types.Transport> {
    const session = this.session;
    if (!session || session.generation !== generation) return Promise.reject(new Superseded());
    if (session.send) return Promise.resolve(session.send);
    session.sendCreating ??= (async () => {
      const { transport } = await this.live.request('media:transport', {
        meetingId: this.meetingId,
        direction: 'send',
      });
      this.check(generation);
      const send = session.device.createSendTransport({
        ...(transport as unknown as types.TransportOptions),
        iceServers: session.iceServers,
      });
      this.watchTransport(send, generation);
      send.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        this.live
          .request('media:produce', {
            meetingId: this.meetingId,
            transportId: send.id,
            kind,
            rtpParameters,
            appData: appData as { source?: MediaSourceName },
          })
          .then(({ id }) => callback({ id }), errback);
      });
      session.send = send;
      return send;
    })().finally(() => {
      session.sendCreating = null;
    });
    return session.sendCreating;
  }

  /** Tells the server about a producer paused, resumed or closed here; a refusal changes nothing
   * here (the local producer already stopped sending), and a new connection starts over anyway. */
  private async controlProducer(
    producer: types.Producer,
    action: 'pause' | 'resume' | 'close',
  ): Promise<void> {
    if (!this.session) return;
    await this.live
      .request('media:producer', { meetingId: this.meetingId, producerId: producer.id, action })
      .catch(() => undefined);
  }

  // ---------- devices ----------

  private mediaDevices(): MediaDevices {
    const media = this.mediaDevicesOption ?? globalThis.navigator?.mediaDevices;
    if (!media) throw new DOMException('navigator.mediaDevices is missing', 'NoMediaDevices');
    return media;
  }

  private async captureBoth(): Promise<{
    camera: MediaStreamTrack | null;
    microphone: MediaStreamTrack | null;
  } | null> {
    const { cameraId, microphoneId } = this.state.devices;
    try {
      const stream = await this.mediaDevices().getUserMedia({
        video: cameraConstraints(cameraId),
        audio: microphoneConstraints(microphoneId),
      });
      const camera = stream.getVideoTracks()[0] ?? null;
      const microphone = stream.getAudioTracks()[0] ?? null;
      if (camera) this.adopt('camera', camera);
      if (microphone) this.adopt('microphone', microphone);
      return { camera, microphone };
    } catch {
      // Asked one at a time below: one may work without the other, and each says its problem.
      return null;
    }
  }

  /** Captures the chosen camera or microphone (the default one if the chosen one is gone). */
  private async capture(kind: 'camera' | 'microphone'): Promise<MediaStreamTrack | null> {
    const chosen =
      kind === 'camera' ? this.state.devices.cameraId : this.state.devices.microphoneId;
    const constraints = (deviceId: string | null): MediaStreamConstraints =>
      kind === 'camera'
        ? { video: cameraConstraints(deviceId) }
        : { audio: microphoneConstraints(deviceId) };
    try {
      let stream: MediaStream;
      try {
        stream = await this.mediaDevices().getUserMedia(constraints(chosen));
      } catch (error) {
        if (chosen === null || errorName(error) !== 'OverconstrainedError') throw error;
        stream = await this.mediaDevices().getUserMedia(constraints(null));
      }
      const track = (kind === 'camera' ? stream.getVideoTracks() : stream.getAudioTracks())[0];
      if (!track) throw new DOMException('no track', 'NotFoundError');
      this.adopt(kind, track);
      return track;
    } catch (error) {
      const problem = captureProblem(error, kind);
      this.patchDevices(
        kind === 'camera' ? { cameraProblem: problem } : { microphoneProblem: problem },
      );
      return null;
    }
  }

  /** A new capture: its device becomes the chosen one, and its end (unplugged) is handled. */
  private adopt(kind: 'camera' | 'microphone', track: MediaStreamTrack): void {
    const deviceId = track.getSettings().deviceId ?? null;
    this.patchDevices(
      kind === 'camera'
        ? { cameraProblem: null, ...(deviceId ? { cameraId: deviceId } : {}) }
        : { microphoneProblem: null, ...(deviceId ? { microphoneId: deviceId } : {}) },
    );
    track.addEventListener('ended', () => void this.deviceEnded(kind, track));
  }

  /** The camera or microphone stopped by itself (unplugged, taken away by the system). */
  private deviceEnded(kind: 'camera' | 'microphone', track: MediaStreamTrack): Promise<void> {
    return this.serial(async () => {
      const producer = this.producers.get(kind);
      if (kind === 'camera') {
        if (this.state.local.cameraTrack !== track) return;
        this.patchLocal({ cameraTrack: null, cameraOn: false });
        this.patchDevices({
          cameraProblem:
            'The camera stopped (was it disconnected?): choose a camera in Device settings, then turn it on.',
        });
      } else {
        if (this.state.local.microphoneTrack !== track) return;
        this.patchLocal({ microphoneTrack: null, microphoneMuted: true });
        this.patchDevices({
          microphoneProblem:
            'The microphone stopped (was it disconnected?): choose one in Device settings, then unmute.',
        });
      }
      if (producer && !producer.paused) {
        producer.pause();
        await this.controlProducer(producer, 'pause');
      }
      void this.refreshDevices();
    });
  }

  private async refreshDevices(): Promise<void> {
    try {
      const devices = await this.mediaDevices().enumerateDevices();
      this.patchDevices({
        cameras: deviceOptions(devices, 'videoinput'),
        microphones: deviceOptions(devices, 'audioinput'),
      });
    } catch {
      // No device list (an insecure page): the capture's own problem already says why.
    }
  }

  /** Makes the preview's tracks match the join choice. */
  private async prepareLocal(choice: JoinChoice): Promise<void> {
    const local = this.state.local;
    if (choice.camera && !local.cameraTrack) {
      const camera = await this.capture('camera');
      this.patchLocal({ cameraTrack: camera, cameraOn: camera !== null });
    } else if (!choice.camera) {
      local.cameraTrack?.stop();
      this.patchLocal({ cameraTrack: null, cameraOn: false });
    } else {
      this.patchLocal({ cameraOn: true });
    }
    if (choice.microphone === 'off') {
      this.state.local.microphoneTrack?.stop();
      this.patchLocal({ microphoneTrack: null, microphoneMuted: true });
      return;
    }
    const microphone = this.state.local.microphoneTrack ?? (await this.capture('microphone'));
    const muted = choice.microphone === 'muted' || microphone === null;
    if (microphone) microphone.enabled = !muted;
    this.patchLocal({ microphoneTrack: microphone, microphoneMuted: muted });
  }

  // ---------- receiving ----------

  private addRemote(info: MediaProducerInfo): RemoteRecord {
    // One stream per person and source: a newer one replaces an older one (the same person
    // joined again from another tab or device).
    for (const [producerId, record] of this.remotes) {
      if (
        producerId !== info.producerId &&
        record.userId === info.userId &&
        record.source === info.source
      ) {
        record.consumer?.close();
        this.remotes.delete(producerId);
      }
    }
    const record: RemoteRecord = this.remotes.get(info.producerId) ?? {
      ...info,
      consumer: null,
      consuming: false,
      shown: false,
      layer: null,
      unavailable: false,
    };
    this.remotes.set(info.producerId, record);
    return record;
  }

  private setPaused(producerId: string, paused: boolean): void {
    const record = this.remotes.get(producerId);
    if (!record || record.paused === paused) return;
    record.paused = paused;
    this.publishPeers();
  }

  /** Creates the consumer of a remote producer (paused on the server until resumed). */
  private async consume(record: RemoteRecord): Promise<types.Consumer | null> {
    const session = this.session;
    if (!session || record.consumer || record.consuming || record.unavailable) return null;
    record.consuming = true;
    try {
      const { consumer: options } = await this.live.request('media:consume', {
        meetingId: this.meetingId,
        transportId: session.recv.id,
        producerId: record.producerId,
        rtpCapabilities: session.device.recvRtpCapabilities,
      });
      if (this.session !== session) return null;
      const consumer = await session.recv.consume({
        id: options.id,
        producerId: options.producerId,
        kind: options.kind,
        rtpParameters: options.rtpParameters as types.RtpParameters,
        appData: options.appData,
      });
      if (this.session !== session || this.remotes.get(record.producerId) !== record) {
        consumer.close();
        return null;
      }
      record.consumer = consumer;
      return consumer;
    } catch (error) {
      if (error instanceof LiveError && error.code === 'not_found') {
        this.remotes.delete(record.producerId);
        this.publishPeers();
      } else if (error instanceof LiveError && error.code === 'cannot_consume') {
        record.unavailable = true;
      }
      return null;
    } finally {
      record.consuming = false;
    }
  }

  private async resumeConsumer(consumer: types.Consumer): Promise<boolean> {
    try {
      await this.live.request('media:resume', {
        meetingId: this.meetingId,
        consumerId: consumer.id,
      });
      return true;
    } catch {
      return false;
    }
  }

  /** Audio is always received, whoever is on screen. */
  private async receiveAudio(record: RemoteRecord): Promise<void> {
    const consumer = await this.consume(record);
    if (consumer && (await this.resumeConsumer(consumer))) this.publishPeers();
  }

  private scheduleReconcile(): void {
    if (this.reconcileTimer !== null || !this.session) return;
    this.reconcileTimer = setTimeout(() => {
      this.reconcileTimer = null;
      void this.reconcile();
    }, RECONCILE_DELAY_MS);
  }

  /** Brings the video consumers in line with the tiles on screen; one run at a time. */
  private async reconcile(): Promise<void> {
    if (this.reconciling) {
      this.reconcileAgain = true;
      return;
    }
    this.reconciling = true;
    try {
      do {
        this.reconcileAgain = false;
        const session = this.session;
        if (!session) return;
        const videos = [...this.remotes.values()].filter(
          (record): record is RemoteRecord & { source: 'camera' | 'screen' } =>
            record.kind === 'video' && record.source !== 'microphone' && !record.unavailable,
        );
        const plan = planVideo(videos, this.tiles.values());
        await Promise.all(
          videos.map((record) => {
            const layer = plan.get(record.producerId);
            if (layer !== undefined) return this.showVideo(record, layer);
            return record.shown ? this.pauseVideo(record) : undefined;
          }),
        );
        if (this.session === session) this.publishPeers();
      } while (this.reconcileAgain);
    } finally {
      this.reconciling = false;
    }
  }

  /**
   * A video to draw: consumed on first show, resumed on the server (and here) when it was paused.
   * The layer is asked for first, so the stream does not start at full resolution for a small tile.
   */
  private async showVideo(record: RemoteRecord, layer: SpatialLayer | null): Promise<void> {
    const consumer = record.consumer ?? (await this.consume(record));
    if (!consumer) return;
    if (layer !== null && record.layer !== layer) await this.setLayer(record, layer);
    if (record.shown || !(await this.resumeConsumer(consumer))) return;
    consumer.resume();
    record.shown = true;
  }

  /**
   * A video no tile shows: paused here (nothing decoded) and on the server (nothing forwarded);
   * the consumer stays, so showing it again is a resume. A pause the server did not take is not
   * retried: it only costs bandwidth until the video is shown again or its consumer closes.
   */
  private async pauseVideo(record: RemoteRecord): Promise<void> {
    const consumer = record.consumer;
    if (!consumer) return;
    consumer.pause();
    record.shown = false;
    await this.live
      .request('media:pause', { meetingId: this.meetingId, consumerId: consumer.id })
      .catch(() => undefined);
  }

  private async setLayer(record: RemoteRecord, layer: SpatialLayer): Promise<void> {
    if (!record.consumer) return;
    record.layer = layer;
    await this.live
      .request('media:layers', {
        meetingId: this.meetingId,
        consumerId: record.consumer.id,
        spatialLayer: layer,
      })
      .catch(() => {
        record.layer = null;
      });
  }

  private publishPeers(): void {
    const peers = new Map<string, RemotePeer>();
    for (const record of this.remotes.values()) {
      const peer = peers.get(record.userId) ?? {
        userId: record.userId,
        camera: null,
        screen: null,
        audio: null,
      };
      const received = record.consumer && (record.kind === 'audio' || record.shown);
      const stream: RemoteStream = {
        producerId: record.producerId,
        track: received && record.consumer ? record.consumer.track : null,
        paused: record.paused,
      };
      if (record.source === 'microphone') peer.audio = stream;
      else peer[record.source] = stream;
      peers.set(record.userId, peer);
    }
    this.set({ peers: [...peers.values()] });
  }

  // ---------- network quality ----------

  private async sampleStats(): Promise<void> {
    const session = this.session;
    if (!session) return;
    try {
      const received = transportFigures(statsOf(await session.recv.getStats()));
      const sent = session.send ? transportFigures(statsOf(await session.send.getStats())) : null;
      const samples = new Map<
        string,
        Array<{ previous: StreamCounters | undefined; current: StreamCounters }>
      >();
      for (const record of this.remotes.values()) {
        const consumer = record.consumer;
        if (!consumer || consumer.closed || (record.kind === 'video' && !record.shown)) continue;
        const current = inboundCounters(statsOf(await consumer.getStats()));
        const previous = this.counters.get(consumer.id);
        this.counters.set(consumer.id, current);
        samples.set(record.userId, [...(samples.get(record.userId) ?? []), { previous, current }]);
      }
      if (this.session !== session) return;
      const peers: Record<string, NetworkQuality> = {};
      for (const [userId, streams] of samples) {
        peers[userId] = networkQuality({ loss: lossBetween(streams), rttMs: received.rttMs });
      }
      const local = sent
        ? networkQuality({
            loss: sent.fractionLost,
            rttMs: sent.rttMs,
            availableOutgoingBitrate: sent.availableOutgoingBitrate,
          })
        : networkQuality({ rttMs: received.rttMs });
      this.set({ quality: { local, peers } });
    } catch {
      // A transport or consumer closed while it was read: the next sample starts over.
    }
  }

  // ---------- store ----------

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private set(patch: Partial<MediaState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private patchLocal(patch: Partial<LocalMedia>): void {
    this.set({ local: { ...this.state.local, ...patch } });
  }

  private patchDevices(patch: Partial<MediaDevicesState>): void {
    this.set({ devices: { ...this.state.devices, ...patch } });
  }
}
