import { BoardRole, Specialty } from '@app/contracts';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Participant } from './layout';
import { FakeMediaStream, FakeTrack, asTrack, fakeController, mediaState } from './testing';
import { VideoGrid } from './VideoGrid';

const people: Participant[] = [
  {
    userId: 'u2',
    displayName: 'Sam Presenter',
    role: BoardRole.Presenter,
    specialty: Specialty.Radiology,
  },
  {
    userId: 'u1',
    displayName: 'Dana Coordinator',
    role: BoardRole.Coordinator,
    specialty: Specialty.MedicalOncology,
  },
  {
    userId: 'u3',
    displayName: 'Kim Pathologist',
    role: BoardRole.Panelist,
    specialty: Specialty.Pathology,
  },
];

function tiles(container: HTMLElement, source: 'camera' | 'screen') {
  return [...container.querySelectorAll<HTMLElement>(`[data-source="${source}"]`)];
}

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeMediaStream);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('VideoGrid', () => {
  it('draws a tile per participant with names, states and network quality, and plays all sound', () => {
    const client = fakeController(
      mediaState({
        local: {
          cameraTrack: asTrack(new FakeTrack('video')),
          microphoneTrack: asTrack(new FakeTrack('audio')),
          cameraOn: true,
          microphoneMuted: true,
          sharing: false,
        },
        peers: [
          {
            userId: 'u2',
            camera: { producerId: 'c2', track: asTrack(new FakeTrack('video')), paused: false },
            screen: null,
            audio: { producerId: 'a2', track: asTrack(new FakeTrack('audio')), paused: false },
          },
          {
            userId: 'u3',
            camera: { producerId: 'c3', track: null, paused: true },
            screen: null,
            audio: { producerId: 'a3', track: asTrack(new FakeTrack('audio')), paused: true },
          },
        ],
        activeSpeakerId: 'u2',
        quality: { local: 'good', peers: { u2: 'poor' } },
      }),
    );
    const { container } = render(
      <VideoGrid
        client={client}
        participants={people}
        selfUserId="u1"
        canSend
        canShareScreen={false}
      />,
    );
    const cameras = tiles(container, 'camera');
    expect(cameras.map((tile) => tile.dataset.userId)).toEqual(['u1', 'u2', 'u3']);
    const [self, presenter, pathologist] = cameras as [HTMLElement, HTMLElement, HTMLElement];

    expect(within(self).getByText('Dana Coordinator (you)')).toBeTruthy();
    expect(within(self).getByText('Muted')).toBeTruthy();
    expect(within(self).getByText('Network: Good')).toBeTruthy();
    expect(self.querySelector('video')).not.toBeNull();

    expect(presenter.className).toContain('video-tile-speaking');
    expect(within(presenter).getByText('Speaking')).toBeTruthy();
    expect(within(presenter).getByText('Network: Poor')).toBeTruthy();
    expect(within(presenter).getByText('Presenter · Radiology')).toBeTruthy();
    expect(presenter.querySelector('video')).not.toBeNull();

    expect(within(pathologist).getByText('Muted')).toBeTruthy();
    expect(within(pathologist).getByText('Camera off')).toBeTruthy();
    expect(pathologist.querySelector('video')).toBeNull();

    const audio = [...container.querySelectorAll('audio')];
    expect(audio.map((element) => element.dataset.userId)).toEqual(['u2', 'u3']);
    expect(audio.every((element) => element.autoplay)).toBe(true);

    // Remote tiles say they are on screen; one's own is not received.
    const shown = client.showTile.mock.calls.map(([, view]) => view.userId);
    expect(shown.sort()).toEqual(['u2', 'u3']);
  });

  it('has named toggles with their pressed state, and no screen sharing without the right', async () => {
    const user = userEvent.setup();
    const client = fakeController(mediaState());
    render(
      <VideoGrid
        client={client}
        participants={people}
        selfUserId="u1"
        canSend
        canShareScreen={false}
      />,
    );
    const mute = screen.getByRole('button', { name: 'Mute microphone' });
    expect(mute.getAttribute('aria-pressed')).toBe('false');
    await user.click(mute);
    expect(client.setMicrophoneMuted).toHaveBeenCalledWith(true);
    await user.click(screen.getByRole('button', { name: 'Turn off camera' }));
    expect(client.setCameraOn).toHaveBeenCalledWith(false);
    expect(screen.queryByRole('button', { name: 'Share screen' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Leave video' }));
    expect(client.leave).toHaveBeenCalled();
  });

  it('shows a shared screen on the stage, and one’s own share with a way to stop it', async () => {
    const user = userEvent.setup();
    const client = fakeController(
      mediaState({
        peers: [
          {
            userId: 'u2',
            camera: null,
            screen: { producerId: 's2', track: asTrack(new FakeTrack('video')), paused: false },
            audio: null,
          },
        ],
      }),
    );
    const { container } = render(
      <VideoGrid client={client} participants={people} selfUserId="u1" canSend canShareScreen />,
    );
    const [shared] = tiles(container, 'screen');
    expect(shared?.dataset.userId).toBe('u2');
    expect(shared?.querySelector('video')).not.toBeNull();
    expect(within(shared as HTMLElement).getByText('Sam Presenter: shared screen')).toBeTruthy();

    const share = screen.getByRole('button', { name: 'Share screen' });
    expect(share.getAttribute('aria-pressed')).toBe('false');
    await user.click(share);
    expect(client.startScreenShare).toHaveBeenCalled();

    client.update({ local: { ...client.getState().local, sharing: true } });
    expect(await screen.findByText('You are sharing your screen.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Share screen' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await user.click(screen.getByRole('button', { name: 'Stop sharing' }));
    expect(client.stopScreenShare).toHaveBeenCalled();
  });

  it('pages a large board and spotlights a speaker from another page', async () => {
    const user = userEvent.setup();
    const board: Participant[] = Array.from({ length: 40 }, (_, index) => ({
      userId: `m${index + 1}`,
      displayName: `Member ${index + 1}`,
      role: BoardRole.Panelist,
      specialty: Specialty.Genetics,
    }));
    const client = fakeController(mediaState({ activeSpeakerId: 'm30' }));
    const { container } = render(
      <VideoGrid
        client={client}
        participants={board}
        selfUserId="m1"
        canSend
        canShareScreen={false}
      />,
    );
    expect(screen.getByText('Page 1 of 5')).toBeTruthy();
    const first = tiles(container, 'camera').map((tile) => tile.dataset.userId);
    expect(first).toEqual(['m30', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(screen.getByText('Page 2 of 5')).toBeTruthy();
    expect(tiles(container, 'camera').map((tile) => tile.dataset.userId)).toEqual([
      'm30',
      'm10',
      'm11',
      'm12',
      'm13',
      'm14',
      'm15',
      'm16',
      'm17',
      'm18',
    ]);
    // The first page's tiles are gone: their videos are no longer wanted.
    expect(client.hideTile.mock.calls.length).toBeGreaterThanOrEqual(8);
  });

  it('says when the video is reconnecting or failed, and retries on request', async () => {
    const user = userEvent.setup();
    const client = fakeController(
      mediaState({ status: 'recovering', problem: 'The video server restarted; reconnecting…' }),
    );
    render(
      <VideoGrid
        client={client}
        participants={people}
        selfUserId="u1"
        canSend
        canShareScreen={false}
      />,
    );
    expect(screen.getByRole('status').textContent).toBe(
      'The video server restarted; reconnecting…',
    );
    client.update({ status: 'failed', problem: 'The video could not connect.' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The video could not connect.');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(client.retry).toHaveBeenCalled();
  });
});
