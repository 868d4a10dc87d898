import { describe, expect, it, vi } from 'vitest';
import type { ImagingUpdate } from '@app/contracts';
import { LiveError, type LiveConnection } from '../../api/live';
import { ImagingFollow } from './ImagingFollow';
import type { SharedView } from './follow';

function fakeLive(latest: ImagingUpdate | null = null) {
  const handlers = new Map<string, (payload: never) => void>();
  const requests: Array<{ event: string; payload: unknown }> = [];
  let refuse: LiveError | null = null;
  const live = {
    on: (event: string, handler: (payload: never) => void) => {
      handlers.set(event, handler);
      return () => handlers.delete(event);
    },
    onReconnect: () => () => undefined,
    request: vi.fn((event: string, payload: unknown) => {
      requests.push({ event, payload });
      if (refuse) return Promise.reject(refuse);
      return Promise.resolve(event === 'imaging:follow' ? { latest } : {});
    }),
  };
  return {
    live: live as unknown as LiveConnection,
    requests,
    push: (update: ImagingUpdate) => handlers.get('imaging:viewport')?.(update as never),
    stopped: (stop: { meetingId: string; by: string | null; sentAt: string }) =>
      handlers.get('imaging:stopped')?.(stop as never),
    setLatest: (update: ImagingUpdate) => (latest = update),
    refuseWith: (error: LiveError) => (refuse = error),
  };
}

const share = (
  sop: string,
  from = 'presenter',
  sentAt = '2026-12-06T10:00:00.000Z',
): ImagingUpdate => ({
  meetingId: 'm',
  from,
  viewport: {
    studyInstanceUid: '2.25.1',
    seriesInstanceUid: '2.25.1.2',
    sopInstanceUid: sop,
    frame: 1,
  },
  sentAt,
});

const view = (sop: string): SharedView => ({
  studyUid: '2.25.1',
  seriesUid: '2.25.1.2',
  sopInstanceUid: sop,
  frame: 1,
  window: { center: -600, width: 1500 },
  zoom: 1,
  pan: { x: 0, y: 0 },
  measurements: [],
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ImagingFollow', () => {
  it('applies the share running when it starts, then each relayed one, not its own', async () => {
    const fake = fakeLive(share('1.5'));
    const follow = new ImagingFollow(fake.live, 'm', 'me');
    const applied: Array<string | null> = [];
    follow.onApply((shown) => applied.push(shown.sopInstanceUid));
    follow.start();
    await flush();
    expect(fake.requests[0]).toEqual({
      event: 'imaging:follow',
      payload: { meetingId: 'm', follow: true },
    });
    fake.push(share('1.6'));
    fake.push(share('1.7', 'me'));
    fake.push({ ...share('1.8'), meetingId: 'other' });
    expect(applied).toEqual(['1.5', '1.6']);
    expect(follow.getState().mode).toBe('following');
  });

  it('detaches (the server stops relaying), ignores what still arrives, and re-follows to the latest', async () => {
    const fake = fakeLive(share('1.1'));
    const follow = new ImagingFollow(fake.live, 'm', 'me');
    const applied: Array<string | null> = [];
    follow.onApply((shown) => applied.push(shown.sopInstanceUid));
    follow.start();
    await flush();
    follow.detach();
    expect(follow.getState().mode).toBe('detached');
    expect(fake.requests.at(-1)).toEqual({
      event: 'imaging:follow',
      payload: { meetingId: 'm', follow: false },
    });
    fake.push(share('1.2'));
    follow.roomJoined(); // a reconnection does not re-attach a detached follower
    await flush();
    expect(applied).toEqual(['1.1']);
    fake.setLatest(share('1.3', 'presenter', '2026-12-06T10:00:01.000Z'));
    await follow.follow();
    expect(applied).toEqual(['1.1', '1.3']);
    expect(follow.getState()).toMatchObject({
      mode: 'following',
      latest: share('1.3', 'presenter', '2026-12-06T10:00:01.000Z'),
    });
  });

  it('shares the view while sharing, and a refusal of the sharer ends the share', async () => {
    const fake = fakeLive();
    const follow = new ImagingFollow(fake.live, 'm', 'me', 0);
    follow.send(view('1.1'));
    expect(fake.requests).toEqual([]);
    follow.startSharing(view('1.1'));
    follow.send(view('1.2'));
    await flush();
    const shares = fake.requests.filter((entry) => entry.event === 'imaging:share');
    expect(
      shares.map(
        (entry) =>
          (entry.payload as { viewport: { sopInstanceUid: string } }).viewport.sopInstanceUid,
      ),
    ).toEqual(['1.1', '1.2']);
    expect(follow.getState().sharing).toBe(true);
    fake.refuseWith(new LiveError('forbidden', 'only the presenter or the chair shares imaging'));
    follow.send(view('1.3'));
    await flush();
    expect(follow.getState()).toMatchObject({
      sharing: false,
      problem: 'only the presenter or the chair shares imaging',
    });
  });

  it('stopping a share tells the room; followers go idle and ignore what was sent before', async () => {
    const fake = fakeLive(share('1.1'));
    const follow = new ImagingFollow(fake.live, 'm', 'me', 0);
    const applied: Array<string | null> = [];
    follow.onApply((shown) => applied.push(shown.sopInstanceUid));
    follow.start();
    await flush();
    fake.stopped({ meetingId: 'other', by: 'presenter', sentAt: '2026-12-06T10:00:05.000Z' });
    expect(follow.getState().mode).toBe('following');
    fake.stopped({ meetingId: 'm', by: 'presenter', sentAt: '2026-12-06T10:00:05.000Z' });
    expect(follow.getState()).toMatchObject({ mode: 'idle', latest: null, ended: 'presenter' });
    fake.push(share('1.2', 'presenter', '2026-12-06T10:00:04.000Z'));
    expect(applied).toEqual(['1.1']);
    fake.push(share('1.3', 'chair', '2026-12-06T10:00:06.000Z'));
    expect(applied).toEqual(['1.1', '1.3']);
    expect(follow.getState()).toMatchObject({ mode: 'following', ended: null });

    follow.startSharing(view('1.4'));
    follow.stopSharing();
    await flush();
    expect(fake.requests.at(-1)).toEqual({ event: 'imaging:stop', payload: { meetingId: 'm' } });
    expect(follow.getState().sharing).toBe(false);
  });

  it('the room moving to another case ends the sharer’s share too', async () => {
    const fake = fakeLive();
    const follow = new ImagingFollow(fake.live, 'm', 'me', 0);
    follow.start();
    follow.startSharing(view('1.1'));
    await flush();
    fake.stopped({ meetingId: 'm', by: null, sentAt: '2026-12-06T10:00:05.000Z' });
    expect(follow.getState()).toMatchObject({ sharing: false, mode: 'idle', ended: 'room' });
  });
});
