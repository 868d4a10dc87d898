import { BoardRole, Specialty } from '@app/contracts';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeMediaStream, fakeController, mediaState } from './testing';
import { VideoPanel } from './VideoPanel';

const participants = [
  {
    userId: 'u1',
    displayName: 'Pat Observer',
    role: BoardRole.Observer,
    specialty: Specialty.Other,
  },
];

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeMediaStream);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('VideoPanel', () => {
  it('shows the grid while in the video, and no preview again after leaving until asked', async () => {
    const user = userEvent.setup();
    const client = fakeController(mediaState({ status: 'connected' }));
    render(
      <VideoPanel
        client={client}
        participants={participants}
        selfUserId="u1"
        selfRole={BoardRole.Panelist}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Leave video' }));
    expect(client.leave).toHaveBeenCalled();
    client.update({ status: 'idle' });
    expect(await screen.findByText(/You left the video/)).toBeTruthy();
    expect(client.startPreview).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Join the video again' }));
    expect(client.startPreview).toHaveBeenCalled();
  });

  it('gives an observer no sending controls', () => {
    const client = fakeController(mediaState({ status: 'connected' }));
    render(
      <VideoPanel
        client={client}
        participants={participants}
        selfUserId="u1"
        selfRole={BoardRole.Observer}
      />,
    );
    expect(screen.queryByRole('button', { name: 'Mute microphone' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Share screen' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Leave video' })).toBeTruthy();
  });
});
