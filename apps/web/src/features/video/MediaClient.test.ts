import { FakeHandler } from 'mediasoup-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MediaClient } from './MediaClient';
import {
  asTrack,
  fakeDevices,
  fakeMediaDevices,
  fakeSignalling,
  refusal,
  type FakeTrack,
} from './testing';

const MEETING = '00000000-0000-4000-8000-00000000a001';

function setup() {
  const live = fakeSignalling();
  const media = fakeMediaDevices();
  const devices = fakeDevices();
  const client = new MediaClient(live, MEETING, {
    mediaDevices: media as unknown as MediaDevices,
    createDevice: devices.createDevice,
  });
  return { live, media, devices, client };
}

/** Lets the signalling, mediasoup-client's queues and the client's timers run. */
async function settle(ms = 300): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

function producedSources(live: ReturnType<typeof fakeSignalling>): unknown[] {
  return live
    .sent('media:produce')
    .map((payload) => (payload.appData as { source: string }).source);
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('MediaClient: joining', () => {
  it('previews, then sends a simulcast camera and the microphone and receives all audio', async () => {
    const { live, media, client } = setup();
    live.existing.push(
      live.remote('p-mic', 'user-b', 'microphone'),
      live.remote('p-cam', 'user-b', 'camera'),
    );
    await client.startPreview();
    expect(media.requests).toHaveLength(1);
    expect(client.getState().local.cameraTrack).not.toBeNull();
    expect(client.getState().devices.cameras.map((camera) => camera.label)).toEqual([
      'Front camera',
      'Document camera',
    ]);

    await client.join({ camera: true, microphone: 'on' });
    await settle();

    const state = client.getState();
    expect(state.status).toBe('connected');
    expect(live.sent('media:transport').map((payload) => payload.direction)).toEqual([
      'recv',
      'send',
    ]);
    expect(producedSources(live)).toEqual(['microphone', 'camera']);
    const camera = live.sent('media:produce')[1] as {
      rtpParameters: { encodings: Array<{ scaleResolutionDownBy?: number; maxBitrate?: number }> };
    };
    expect(
      camera.rtpParameters.encodings.map((encoding) => encoding.scaleResolutionDownBy),
    ).toEqual([4, 2, 1]);
    // Audio is always received; video only once a tile shows it.
    expect(live.sent('media:consume').map((payload) => payload.producerId)).toEqual(['p-mic']);
    expect(live.sent('media:resume')).toHaveLength(1);
    expect(state.peers).toEqual([
      {
        userId: 'user-b',
        audio: { producerId: 'p-mic', track: expect.anything(), paused: false },
        camera: { producerId: 'p-cam', track: null, paused: false },
        screen: null,
      },
    ]);
  });

  it('joins muted: the microphone is sent paused, here and on the server', async () => {
    const { live, client } = setup();
    await client.join({ camera: false, microphone: 'muted' });
    await settle();
    expect(producedSources(live)).toEqual(['microphone']);
    expect(live.sent('media:producer')).toEqual([
      { meetingId: MEETING, producerId: 'own-1', action: 'pause' },
    ]);
    const { local } = client.getState();
    expect(local.microphoneMuted).toBe(true);
    expect(local.microphoneTrack?.enabled).toBe(false);
    expect(local.cameraOn).toBe(false);
  });

  it('joins listening only without a send transport', async () => {
    const { live, media, client } = setup();
    await client.join({ camera: false, microphone: 'off' });
    await settle();
    expect(client.getState().status).toBe('connected');
    expect(live.sent('media:transport').map((payload) => payload.direction)).toEqual(['recv']);
    expect(media.requests).toHaveLength(0);
  });

  it('says what to do when the camera is blocked, and still joins with the microphone', async () => {
    const { live, media, client } = setup();
    media.refuse.camera = 'NotAllowedError';
    await client.startPreview();
    expect(client.getState().devices.cameraProblem).toBe(
      "Camera blocked: allow camera access in the browser's site settings, then try again.",
    );
    expect(client.getState().local.microphoneTrack).not.toBeNull();
    await client.join({ camera: true, microphone: 'on' });
    await settle();
    expect(client.getState().status).toBe('connected');
    expect(producedSources(live)).toEqual(['microphone']);
  });

  it('retries with backoff, gives up after six attempts, and tries again on request', async () => {
    const { live, client } = setup();
    const join = live.answers['media:join'];
    live.answers['media:join'] = () => {
      throw refusal('timeout', 'The meeting server did not answer in time.');
    };
    await client.join({ camera: false, microphone: 'off' });
    expect(client.getState().status).toBe('joining');
    expect(client.getState().problem).toMatch(/trying again in 1 s/);
    await settle(60_000);
    expect(live.sent('media:join')).toHaveLength(6);
    expect(client.getState().status).toBe('failed');
    expect(client.getState().problem).toMatch(/Check the network connection, then try again/);

    live.answers['media:join'] = join;
    await client.retry();
    await settle();
    expect(client.getState().status).toBe('connected');
  });

  it('waits for the meeting room when the server says it is not joined yet', async () => {
    const { live, client } = setup();
    const join = live.answers['media:join'];
    live.answers['media:join'] = () => {
      throw refusal('not_joined', 'join the meeting first');
    };
    await client.join({ camera: false, microphone: 'off' });
    expect(client.getState().status).toBe('joining');
    live.answers['media:join'] = join;
    client.roomJoined();
    await settle(10);
    expect(client.getState().status).toBe('connected');
  });
});

describe('MediaClient: local controls', () => {
  it('mutes and unmutes through the producer, here and on the server', async () => {
    const { live, client } = setup();
    await client.join({ camera: false, microphone: 'on' });
    await settle();
    await client.setMicrophoneMuted(true);
    expect(client.getState().local.microphoneMuted).toBe(true);
    expect(client.getState().local.microphoneTrack?.enabled).toBe(false);
    await client.setMicrophoneMuted(false);
    expect(live.sent('media:producer').map((payload) => payload.action)).toEqual([
      'pause',
      'resume',
    ]);
    expect(client.getState().local.microphoneTrack?.enabled).toBe(true);
  });

  it('turns the camera off (released) and on again (a new capture, the same producer)', async () => {
    const { live, media, client } = setup();
    await client.join({ camera: true, microphone: 'off' });
    await settle();
    const first = client.getState().local.cameraTrack as unknown as FakeTrack;
    await client.setCameraOn(false);
    expect(first.readyState).toBe('ended');
    expect(client.getState().local).toMatchObject({ cameraOn: false, cameraTrack: null });
    await client.setCameraOn(true);
    expect(client.getState().local.cameraTrack).not.toBe(first);
    expect(live.sent('media:producer').map((payload) => payload.action)).toEqual([
      'pause',
      'resume',
    ]);
    expect(producedSources(live)).toEqual(['camera']);
    expect(media.requests).toHaveLength(2);
  });

  it('switches the camera with replaceTrack, without producing again', async () => {
    const { live, media, client } = setup();
    await client.join({ camera: true, microphone: 'off' });
    await settle();
    const first = client.getState().local.cameraTrack as unknown as FakeTrack;
    await client.selectCamera('cam-2');
    expect(media.requests.at(-1)?.video).toMatchObject({ deviceId: { exact: 'cam-2' } });
    expect(client.getState().devices.cameraId).toBe('cam-2');
    expect(first.readyState).toBe('ended');
    expect(producedSources(live)).toEqual(['camera']);
  });

  it('shares the screen in one sharp encoding and stops when the browser ends the capture', async () => {
    const { live, media, client } = setup();
    await client.join({ camera: false, microphone: 'off' });
    await settle();
    await client.startScreenShare();
    expect(client.getState().local.sharing).toBe(true);
    const screen = media.captured.at(-1) as FakeTrack;
    expect(screen.contentHint).toBe('detail');
    const produced = live.sent('media:produce')[0] as {
      appData: { source: string };
      rtpParameters: { encodings: unknown[] };
    };
    expect(produced.appData.source).toBe('screen');
    expect(produced.rtpParameters.encodings).toHaveLength(1);

    screen.end();
    await settle(10);
    expect(client.getState().local.sharing).toBe(false);
    expect(live.sent('media:producer')).toEqual([
      { meetingId: MEETING, producerId: 'own-1', action: 'close' },
    ]);
  });

  it('says nothing when the screen picker is closed, and why when sharing is refused', async () => {
    const { live, media, client } = setup();
    await client.join({ camera: false, microphone: 'off' });
    await settle();
    media.refuse.screen = 'NotAllowedError';
    await client.startScreenShare();
    expect(client.getState().shareProblem).toBeNull();
    media.refuse.screen = undefined;
    live.answers['media:produce'] = () => {
      throw refusal('forbidden', 'only the presenter or the chair shares imaging');
    };
    await client.startScreenShare();
    expect(client.getState().local.sharing).toBe(false);
    expect(client.getState().shareProblem).toBe(
      'The screen could not be shared: only the presenter or the chair shares imaging',
    );
  });
});

describe('MediaClient: receiving', () => {
  async function joined() {
    const context = setup();
    context.live.existing.push(
      context.live.remote('p-mic', 'user-b', 'microphone'),
      context.live.remote('p-cam', 'user-b', 'camera'),
    );
    await context.client.join({ camera: false, microphone: 'off' });
    await settle();
    return context;
  }

  it('receives a video when its tile is shown, at the layer its width needs', async () => {
    const { live, client } = await joined();
    client.showTile('tile-1', { userId: 'user-b', source: 'camera', width: 500, visible: true });
    await settle();
    const consumed = live.sent('media:consume').map((payload) => payload.producerId);
    expect(consumed).toEqual(['p-mic', 'p-cam']);
    // The layer is asked for before the consumer is resumed.
    const order = live.calls
      .map((call) => call.event)
      .filter((event) => event === 'media:layers' || event === 'media:resume');
    expect(order).toEqual(['media:resume', 'media:layers', 'media:resume']);
    expect(live.sent('media:layers')[0]).toMatchObject({ spatialLayer: 1 });
    expect(client.getState().peers[0]?.camera?.track).not.toBeNull();

    client.showTile('tile-1', { userId: 'user-b', source: 'camera', width: 900, visible: true });
    await settle();
    expect(live.sent('media:layers').at(-1)).toMatchObject({ spatialLayer: 2 });
  });

  it('pauses an off-screen video here and on the server, and resumes it when shown again', async () => {
    const { live, client } = await joined();
    client.showTile('tile-1', { userId: 'user-b', source: 'camera', width: 200, visible: true });
    await settle();
    const track = client.getState().peers[0]?.camera?.track as MediaStreamTrack;
    expect(track.enabled).toBe(true);
    const consumerId = live.sent('media:resume').at(-1)?.consumerId;
    expect(consumerId).toMatch(/^consumer-p-cam-/);

    // Scrolled out of view: nothing decoded here, nothing forwarded by the server.
    client.showTile('tile-1', { userId: 'user-b', source: 'camera', width: 200, visible: false });
    await settle();
    expect(live.sent('media:pause')).toEqual([{ meetingId: MEETING, consumerId }]);
    expect(track.enabled).toBe(false);
    expect(client.getState().peers[0]?.camera?.track).toBeNull();
    // No parking at low layers: the server's consumer is paused instead.
    expect(live.sent('media:layers')).toHaveLength(1);

    client.showTile('tile-1', { userId: 'user-b', source: 'camera', width: 200, visible: true });
    await settle();
    expect(live.sent('media:resume').at(-1)).toEqual({ meetingId: MEETING, consumerId });
    expect(live.sent('media:consume')).toHaveLength(2);
    expect(live.sent('media:layers')).toHaveLength(1);
    expect(track.enabled).toBe(true);
    expect(client.getState().peers[0]?.camera?.track).toBe(track);
  });

  it('pauses the video of an unmounted tile, and asks a new layer before resuming it', async () => {
    const { live, client } = await joined();
    client.showTile('tile-1', { userId: 'user-b', source: 'camera', width: 200, visible: true });
    await settle();
    client.hideTile('tile-1');
    await settle();
    expect(live.sent('media:pause')).toHaveLength(1);
    expect(client.getState().peers[0]?.camera?.track).toBeNull();

    client.showTile('tile-2', { userId: 'user-b', source: 'camera', width: 900, visible: true });
    await settle();
    const order = live.calls
      .map((call) => call.event)
      .filter((event) => ['media:layers', 'media:pause', 'media:resume'].includes(event));
    expect(order).toEqual([
      'media:resume',
      'media:layers',
      'media:resume',
      'media:pause',
      'media:layers',
      'media:resume',
    ]);
    expect(live.sent('media:layers').at(-1)).toMatchObject({ spatialLayer: 2 });
    expect(live.sent('media:consume')).toHaveLength(2);
    expect(client.getState().peers[0]?.camera?.track).not.toBeNull();
  });

  it('keeps a video paused while the server does not resume it, and tries again', async () => {
    const { live, client } = await joined();
    client.showTile('tile-1', { userId: 'user-b', source: 'camera', width: 200, visible: true });
    await settle();
    client.hideTile('tile-1');
    await settle();
    live.answers['media:resume'] = () => {
      throw refusal('timeout', 'The meeting server did not answer in time.');
    };
    client.showTile('tile-2', { userId: 'user-b', source: 'camera', width: 200, visible: true });
    await settle();
    expect(client.getState().peers[0]?.camera?.track).toBeNull();
    delete live.answers['media:resume'];
    client.showTile('tile-2', { userId: 'user-b', source: 'camera', width: 210, visible: true });
    await settle();
    expect(client.getState().peers[0]?.camera?.track).not.toBeNull();
  });

  it('follows new, paused, resumed and closed producers and the active speaker', async () => {
    const { live, client } = await joined();
    live.emit('media:newProducer', live.remote('p-mic-c', 'user-c', 'microphone'));
    await settle();
    expect(live.sent('media:consume').map((payload) => payload.producerId)).toContain('p-mic-c');
    live.emit('media:producerPaused', { producerId: 'p-mic-c' });
    expect(client.getState().peers[1]?.audio?.paused).toBe(true);
    live.emit('media:producerResumed', { producerId: 'p-mic-c' });
    expect(client.getState().peers[1]?.audio?.paused).toBe(false);
    live.emit('media:producerClosed', { producerId: 'p-mic-c', consumerId: 'x' });
    expect(client.getState().peers.map((peer) => peer.userId)).toEqual(['user-b']);
    // A video this browser never received: the server tells it too, without a consumer.
    live.emit('media:producerClosed', { producerId: 'p-cam', consumerId: null });
    expect(client.getState().peers[0]?.camera).toBeNull();
    live.emit('media:activeSpeaker', { meetingId: MEETING, userId: 'user-b' });
    expect(client.getState().activeSpeakerId).toBe('user-b');
    live.emit('media:activeSpeaker', { meetingId: 'another', userId: 'user-c' });
    expect(client.getState().activeSpeakerId).toBe('user-b');
  });

  it('forgets a producer that closes while the media is still connecting', async () => {
    const live = fakeSignalling();
    const devices = fakeDevices();
    live.existing.push(
      live.remote('p-mic', 'user-b', 'microphone'),
      live.remote('p-cam', 'user-b', 'camera'),
    );
    const client = new MediaClient(live, MEETING, {
      mediaDevices: fakeMediaDevices() as unknown as MediaDevices,
      // Told after media:join answered, before the receive transport exists.
      createDevice: () => {
        live.emit('media:producerClosed', { producerId: 'p-cam', consumerId: null });
        return devices.createDevice();
      },
    });
    await client.join({ camera: false, microphone: 'off' });
    await settle();
    expect(client.getState().status).toBe('connected');
    expect(client.getState().peers).toEqual([
      expect.objectContaining({ userId: 'user-b', camera: null, audio: expect.anything() }),
    ]);
  });

  it('forgets a producer that is gone when its tile asks for it', async () => {
    const { live, client } = await joined();
    live.answers['media:consume'] = () => {
      throw refusal('not_found', 'producer p-cam not found');
    };
    client.showTile('tile-1', { userId: 'user-b', source: 'camera', width: 500, visible: true });
    await settle();
    expect(client.getState().peers[0]?.camera).toBeNull();
  });
});

describe('MediaClient: recovery', () => {
  it('joins again after a media server restart, keeping mute and camera, stopping the share', async () => {
    const { live, media, client } = setup();
    await client.join({ camera: true, microphone: 'muted' });
    await settle();
    await client.startScreenShare();
    const camera = client.getState().local.cameraTrack as unknown as FakeTrack;

    live.emit('media:restart', { meetingId: MEETING, reason: 'media server restarted' });
    expect(client.getState().status).toBe('recovering');
    expect(client.getState().local.sharing).toBe(false);
    await settle();

    expect(client.getState().status).toBe('connected');
    expect(live.sent('media:join')).toHaveLength(2);
    expect(producedSources(live)).toEqual([
      'microphone',
      'camera',
      'screen',
      'microphone',
      'camera',
    ]);
    expect(live.sent('media:producer').at(-1)).toMatchObject({ action: 'pause' });
    expect(client.getState().local.microphoneMuted).toBe(true);
    expect(camera.readyState).toBe('live');
    expect(client.getState().local.cameraTrack).toBe(asTrack(camera));
    expect(media.requests).toHaveLength(2);
  });

  it('joins again when a transport fails', async () => {
    const { live, devices, client } = setup();
    await client.join({ camera: false, microphone: 'off' });
    await settle();
    const recv = devices.transports[0];
    (recv?.handler as FakeHandler).setConnectionState('failed');
    expect(client.getState().status).toBe('recovering');
    await settle();
    expect(client.getState().status).toBe('connected');
    expect(live.sent('media:join')).toHaveLength(2);
  });

  it('joins again after a long disconnection of a transport, not after a short one', async () => {
    const { live, devices, client } = setup();
    await client.join({ camera: false, microphone: 'off' });
    await settle();
    const handler = devices.transports[0]?.handler as FakeHandler;
    handler.setConnectionState('disconnected');
    await settle(3_000);
    handler.setConnectionState('connected');
    await settle(10_000);
    expect(live.sent('media:join')).toHaveLength(1);
    handler.setConnectionState('disconnected');
    await settle(9_000);
    expect(live.sent('media:join')).toHaveLength(2);
  });

  it('after the connection comes back, joins again once the room is joined', async () => {
    const { live, client } = setup();
    await client.join({ camera: false, microphone: 'off' });
    await settle();
    live.reconnect();
    expect(client.getState().status).toBe('recovering');
    client.roomJoined();
    await settle(10);
    expect(live.sent('media:join')).toHaveLength(2);
    expect(client.getState().status).toBe('connected');
  });

  it('leaves: tells the server, releases the devices, forgets the peers', async () => {
    const { live, client } = setup();
    live.existing.push(live.remote('p-mic', 'user-b', 'microphone'));
    await client.join({ camera: true, microphone: 'on' });
    await settle();
    const camera = client.getState().local.cameraTrack as unknown as FakeTrack;
    await client.leave();
    expect(live.sent('media:leave')).toEqual([{ meetingId: MEETING }]);
    expect(camera.readyState).toBe('ended');
    expect(client.getState()).toMatchObject({ status: 'idle', peers: [] });
    live.emit('media:newProducer', live.remote('p-cam-c', 'user-c', 'camera'));
    expect(client.getState().peers).toEqual([]);
  });
});
