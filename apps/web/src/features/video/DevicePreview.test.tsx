import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DevicePreview } from './DevicePreview';
import { FakeMediaStream, FakeTrack, asTrack, fakeController, mediaState } from './testing';

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeMediaStream);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('DevicePreview', () => {
  it('starts the preview, shows the camera and offers the three ways to join', async () => {
    const user = userEvent.setup();
    const client = fakeController(
      mediaState({
        status: 'idle',
        local: {
          cameraTrack: asTrack(new FakeTrack('video')),
          microphoneTrack: asTrack(new FakeTrack('audio')),
          cameraOn: true,
          microphoneMuted: false,
          sharing: false,
        },
      }),
    );
    const { container } = render(<DevicePreview client={client} canSend />);
    expect(client.startPreview).toHaveBeenCalled();
    expect(container.querySelector('video')).not.toBeNull();
    expect(screen.getByRole('meter', { name: 'Microphone level' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Join muted' }));
    expect(client.join).toHaveBeenCalledWith({ camera: true, microphone: 'muted' });
    expect(screen.getByRole('button', { name: 'Join with camera and microphone' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Join without video' })).toBeTruthy();
  });

  it('says the camera is blocked and what to do; joins with the microphone alone', async () => {
    const user = userEvent.setup();
    const client = fakeController(
      mediaState({
        status: 'idle',
        local: {
          cameraTrack: null,
          microphoneTrack: asTrack(new FakeTrack('audio')),
          cameraOn: false,
          microphoneMuted: false,
          sharing: false,
        },
        devices: {
          ...mediaState().devices,
          cameraProblem:
            "Camera blocked: allow camera access in the browser's site settings, then try again.",
        },
      }),
    );
    render(<DevicePreview client={client} canSend />);
    expect(screen.getByText(/Camera blocked: allow camera access/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Join with camera and microphone' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Try the camera and microphone again' }));
    expect(client.startPreview).toHaveBeenCalledTimes(2);
    await user.click(screen.getByRole('button', { name: 'Join with microphone' }));
    expect(client.join).toHaveBeenCalledWith({ camera: false, microphone: 'on' });
  });

  it('lets an observer join listening only, without touching the devices', async () => {
    const user = userEvent.setup();
    const client = fakeController(mediaState({ status: 'idle' }));
    render(<DevicePreview client={client} canSend={false} />);
    expect(client.startPreview).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Join listening only' }));
    expect(client.join).toHaveBeenCalledWith({ camera: false, microphone: 'off' });
  });

  it('releases the devices when left before joining', () => {
    const client = fakeController(mediaState({ status: 'idle' }));
    const { unmount } = render(<DevicePreview client={client} canSend />);
    unmount();
    expect(client.leave).toHaveBeenCalled();
  });
});
