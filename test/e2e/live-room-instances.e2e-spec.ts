import request from 'supertest';
import { testRedisUrl } from '@app/testing';
import {
  LiveBoard,
  LiveClient,
  connectLive,
  emitLive,
  listen,
  liveBoard,
  stateWhere,
} from '../support/live';
import { waitFor } from '../support/collab';
import { startInstanceProcess } from '../support/instance-process';
import { TestApp, bearer, startTestApp } from '../support/test-app';

const redisUrl = testRedisUrl();
const describeWithRedis = redisUrl ? describe : describe.skip;
const HEARTBEAT_MS = '400';

describeWithRedis('live meeting room across instances through Redis', () => {
  let a: TestApp;
  let b: TestApp;
  let urlA: string;
  let urlB: string;
  let live: LiveBoard;
  const sockets: LiveClient[] = [];

  const joinOn = async (url: string, who: string) => {
    const socket = await connectLive(url, live.people[who].token);
    sockets.push(socket);
    const ack = await emitLive(socket, 'meeting:join', { meetingId: live.meetingId });
    if (!ack.ok) throw new Error(`${who} could not join: ${ack.error.message}`);
    return { socket, state: ack.state };
  };
  const ids = (state: { presence: Array<{ userId: string }> }) =>
    state.presence.map((p) => p.userId).sort();

  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl ?? '', PRESENCE_HEARTBEAT_MS: HEARTBEAT_MS };
    a = await startTestApp(env);
    b = await startTestApp(env, { rewriteDatabaseUrl: () => a.database.url });
    urlA = await listen(a);
    urlB = await listen(b);
    live = await liveBoard(a, 'Two-instance Board');
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('shares presence and flips quorum exactly when the last required specialty joins or leaves on another instance', async () => {
    const chair = await joinOn(urlA, 'chair');
    const pathologist = await joinOn(urlB, 'pathologist');
    expect(ids(pathologist.state)).toEqual(
      [live.people.chair.user.id, live.people.pathologist.user.id].sort(),
    );
    expect(pathologist.state.quorum).toMatchObject({
      quorate: false,
      missingSpecialties: ['radiology'],
    });

    const quorateOnB = stateWhere(pathologist.socket, (s) => s.quorum.quorate);
    const quorateOnA = stateWhere(chair.socket, (s) => s.quorum.quorate);
    const radiologist = await joinOn(urlA, 'radiologist');
    expect(radiologist.state.quorum.quorate).toBe(true);
    expect(ids(await quorateOnB)).toEqual(ids(radiologist.state));
    await quorateOnA;

    const lostOnB = stateWhere(pathologist.socket, (s) => !s.quorum.quorate);
    radiologist.socket.disconnect();
    expect((await lostOnB).quorum).toMatchObject({
      quorate: false,
      missingSpecialties: ['radiology'],
      reasons: expect.arrayContaining([expect.stringContaining('missing: radiology')]),
    });
  });

  it('runs chair commands from either instance, refuses panelists, and serialises concurrent commands', async () => {
    const chair = await joinOn(urlA, 'chair');
    const coordinator = await joinOn(urlB, 'coordinator');
    const pathologist = await joinOn(urlB, 'pathologist');
    const radiologist = await joinOn(urlA, 'radiologist');
    const surgeon = await joinOn(urlB, 'surgeon');

    const focusedOnB = stateWhere(pathologist.socket, (s) => s.status === 'live');
    const started = await emitLive(chair.socket, 'meeting:command', {
      meetingId: live.meetingId,
      command: 'start',
    });
    expect(started).toMatchObject({ ok: true, state: { focusedItemId: live.itemIds[0] } });
    expect((await focusedOnB).focusedItemId).toBe(live.itemIds[0]);
    expect(
      await emitLive(pathologist.socket, 'meeting:command', {
        meetingId: live.meetingId,
        command: 'focus',
        itemId: live.itemIds[1],
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const movedOnA = stateWhere(chair.socket, (s) => s.focusedItemId === live.itemIds[1]);
    expect(
      await emitLive(coordinator.socket, 'meeting:command', {
        meetingId: live.meetingId,
        command: 'next',
      }),
    ).toMatchObject({ ok: true });
    await movedOnA;

    const version = started.ok ? started.state.version + 1 : NaN;
    const raisers = [pathologist, radiologist, surgeon, chair];
    const everyoneRaised = ['pathologist', 'radiologist', 'surgeon', 'chair']
      .map((who) => live.people[who].user.id)
      .sort();
    // Applied one after the other, each to the latest state: four versions, every hand raised.
    const settled = raisers.map(({ socket }) =>
      stateWhere(socket, (s) => s.version === version + 4),
    );
    const acks = await Promise.all(
      raisers.map(({ socket }) =>
        emitLive(socket, 'meeting:command', { meetingId: live.meetingId, command: 'raise_hand' }),
      ),
    );
    expect(acks.every((ack) => ack.ok)).toBe(true);
    for (const state of await Promise.all(settled))
      expect([...state.queue.raised].sort()).toEqual(everyoneRaised);

    // Who was present for each case is written once the focus change is committed.
    let attendance: request.Response | null = null;
    await waitFor(
      async () => {
        attendance = await request(a.http)
          .get(`/api/v1/meetings/${live.meetingId}/attendance`)
          .set(bearer(live.people.coordinator.token))
          .expect(200);
        return attendance.body.byItem.some(
          (item: { itemId: string }) => item.itemId === live.itemIds[1],
        );
      },
      5_000,
      'attendance of the second case',
    );
    const second = attendance!.body.byItem.find(
      (item: { itemId: string }) => item.itemId === live.itemIds[1],
    );
    expect(second.specialties).toEqual(
      [
        'medical_oncology',
        'oncology_nursing',
        'pathology',
        'radiology',
        'surgical_oncology',
      ].sort(),
    );
  });

  it('relays imaging from one instance to followers on another, and re-following anywhere returns the latest view', async () => {
    const chair = await joinOn(urlA, 'chair');
    const pathologist = await joinOn(urlB, 'pathologist');
    const received = new Promise<{ viewport: { frame: number } }>((resolve) =>
      pathologist.socket.once('imaging:viewport', resolve),
    );
    const viewport = { studyInstanceUid: '1.2.840.113619.2.55.3.7', frame: 12, zoom: 2 };
    expect(
      await emitLive(chair.socket, 'imaging:share', { meetingId: live.meetingId, viewport }),
    ).toEqual({ ok: true });
    expect((await received).viewport).toEqual(viewport);
    const refollow = await emitLive(pathologist.socket, 'imaging:follow', {
      meetingId: live.meetingId,
      follow: true,
    });
    expect(refollow).toMatchObject({
      ok: true,
      latest: { viewport, from: live.people.chair.user.id },
    });
  });

  it('closes an instance with members still in the room: the others see them leave, nothing runs on its closed Redis connection', async () => {
    const closing = await startTestApp(
      { REDIS_URL: redisUrl ?? '', PRESENCE_HEARTBEAT_MS: HEARTBEAT_MS },
      { rewriteDatabaseUrl: () => a.database.url },
    );
    const url = await listen(closing);
    const chair = await joinOn(urlA, 'chair');
    const sawJoin = stateWhere(chair.socket, (state) =>
      state.presence.some((entry) => entry.userId === live.people.surgeon.user.id),
    );
    await joinOn(url, 'surgeon');
    await sawJoin;
    // The close disconnects the surgeon's socket; a presence broadcast scheduled for it would
    // fire after the instance's Redis connection is gone (an unhandled rejection, failing this suite).
    const sawLeave = stateWhere(
      chair.socket,
      (state) => !state.presence.some((entry) => entry.userId === live.people.surgeon.user.id),
    );
    await closing.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The other instance goes on: it saw the surgeon leave, and answers.
    await sawLeave;
    expect(
      await emitLive(chair.socket, 'meeting:command', {
        meetingId: live.meetingId,
        command: 'raise_hand',
      }),
    ).toMatchObject({ ok: true });
  });

  it('lets the users of a killed instance leave by expiry: quorum and attendance follow', async () => {
    const instance = await startInstanceProcess(a.database.url, redisUrl ?? '', {
      PRESENCE_HEARTBEAT_MS: HEARTBEAT_MS,
    });
    try {
      const chair = await joinOn(urlA, 'chair');
      await joinOn(urlB, 'pathologist');
      const quorate = stateWhere(chair.socket, (s) => s.quorum.quorate);
      const radiologist = await connectLive(instance.url, live.people.radiologist.token);
      sockets.push(radiologist);
      expect((await emitLive(radiologist, 'meeting:join', { meetingId: live.meetingId })).ok).toBe(
        true,
      );
      await quorate;

      const gone = stateWhere(
        chair.socket,
        (s) => !s.presence.some((p) => p.userId === live.people.radiologist.user.id),
        10_000,
      );
      instance.child.kill('SIGKILL');
      expect((await gone).quorum).toMatchObject({
        quorate: false,
        missingSpecialties: ['radiology'],
      });

      // Eventually: under load a late heartbeat can make the radiologist flap out of the room and
      // back (their stay reopened) before the kill, so the state above may predate it.
      await waitFor(
        async () => {
          const attendance = await request(a.http)
            .get(`/api/v1/meetings/${live.meetingId}/attendance`)
            .set(bearer(live.people.coordinator.token))
            .expect(200);
          const intervals: Array<{ leftAt: string | null }> = attendance.body.attendees.find(
            (x: { userId: string }) => x.userId === live.people.radiologist.user.id,
          ).intervals;
          return intervals.length > 0 && intervals.every((i) => i.leftAt !== null);
        },
        10_000,
        "the radiologist's attendance closed",
      );
    } finally {
      instance.child.kill('SIGKILL');
    }
  });
});
