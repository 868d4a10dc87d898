import request from 'supertest';
import { MeetingStateView } from '@app/contracts';
import { AgendaService } from '@app/cases';
import { TestApp, bearer, failInserts, startTestApp } from '../support/test-app';
import { Person, completeCase } from '../support/clinical';
import { waitFor } from '../support/collab';
import {
  LiveClient as Client,
  connectLive,
  emitLive,
  listen,
  liveBoard,
  currentState,
  onState,
  stateWhere,
} from '../support/live';

describe('live meeting room over socket.io', () => {
  let t: TestApp;
  let url: string;
  let meetingId: string;
  let itemIds: string[];
  let boardId: string;
  let people: Record<string, Person>;
  const sockets: Client[] = [];

  const connect = async (token: string, options?: { reconnection?: boolean }) => {
    const socket = await connectLive(url, token, options);
    sockets.push(socket);
    return socket;
  };
  const emit = emitLive;

  const join = async (who: string) => {
    const socket = await connect(people[who].token);
    const ack = await emit(socket, 'meeting:join', { meetingId });
    if (!ack.ok) throw new Error(`${who} could not join: ${ack.error.message}`);
    return { socket, state: ack.state };
  };

  beforeAll(async () => {
    t = await startTestApp();
    url = await listen(t);
    ({ boardId, meetingId, itemIds, people } = await liveBoard(t));
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  afterAll(() => t.close());

  it('refuses a handshake without a valid token', async () => {
    await expect(connect('')).rejects.toThrow(/unauthenticated/);
    await expect(connect('not.a.token')).rejects.toThrow(/unauthenticated/);
  });

  it('lets only members of the board join', async () => {
    const socket = await connect(people.outsider.token);
    const ack = await emit(socket, 'meeting:join', { meetingId });
    expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('tracks presence and flips quorum exactly when the last required specialty joins and leaves', async () => {
    const chair = await join('chair');
    const seenByChairAll: MeetingStateView[] = [];
    onState(chair.socket, (state) => seenByChairAll.push(state));
    expect(chair.state.quorum).toMatchObject({
      quorate: false,
      missingSpecialties: ['pathology', 'radiology'],
    });
    expect(chair.state.quorum.reasons.join()).toContain('missing: pathology, radiology');

    const pathologist = await join('pathologist');
    expect(pathologist.state.quorum).toMatchObject({
      quorate: false,
      missingSpecialties: ['radiology'],
    });

    const observer = await join('observer');
    expect(observer.state.quorum).toMatchObject({
      quorate: false,
      missingSpecialties: ['radiology'],
    });

    const seenByChair = stateWhere(chair.socket, (state) => state.presence.length === 4);
    const radiologist = await join('radiologist');
    expect(radiologist.state.quorum).toMatchObject({
      quorate: true,
      missingSpecialties: [],
      votingMembersPresent: 3,
    });
    expect((await seenByChair).quorum.quorate).toBe(true);
    expect(radiologist.state.presence.map((p) => p.userId).sort()).toHaveLength(4);
    // Each entry names the person as their account does (read with the session at the handshake).
    expect(radiologist.state.presence).toContainEqual({
      userId: people.pathologist.user.id,
      displayName: people.pathologist.user.displayName,
      specialty: 'pathology',
      role: expect.any(String),
      votingRight: true,
    });

    const afterLeave = stateWhere(chair.socket, (state) => state.presence.length === 3);
    radiologist.socket.disconnect();
    expect((await afterLeave).quorum).toMatchObject({
      quorate: false,
      missingSpecialties: ['radiology'],
    });
    // Every snapshot the chair saw was quorate exactly when both required specialties were present.
    for (const state of seenByChairAll) {
      const present = new Set(state.presence.map((p) => p.userId));
      expect(state.quorum.quorate).toBe(
        present.has(people.pathologist.user.id) && present.has(people.radiologist.user.id),
      );
    }
    expect(seenByChairAll.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses meeting controls to panelists and observers, and runs them for the chair', async () => {
    const pathologist = await join('pathologist');
    const observer = await join('observer');
    expect(
      await emit(pathologist.socket, 'meeting:command', { meetingId, command: 'start' }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      await emit(observer.socket, 'meeting:command', { meetingId, command: 'raise_hand' }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const chair = await join('chair');
    const started = await emit(chair.socket, 'meeting:command', { meetingId, command: 'start' });
    expect(started).toMatchObject({
      ok: true,
      state: { status: 'live', focusedItemId: itemIds[0] },
    });
    const meeting = await request(t.http)
      .get(`/api/v1/meetings/${meetingId}`)
      .set(bearer(people.chair.token))
      .expect(200);
    expect(meeting.body.status).toBe('live');

    const seen = stateWhere(pathologist.socket, (state) => state.focusedItemId === itemIds[1]);
    const next = await emit(chair.socket, 'meeting:command', { meetingId, command: 'next' });
    expect(next).toMatchObject({ ok: true, state: { focusedItemId: itemIds[1] } });
    expect((await seen).focusedItemId).toBe(itemIds[1]);
    expect(
      await emit(chair.socket, 'meeting:command', { meetingId, command: 'next' }),
    ).toMatchObject({ ok: false, error: { code: 'no_next' } });
    expect(
      await emit(pathologist.socket, 'meeting:command', {
        meetingId,
        command: 'focus',
        itemId: itemIds[0],
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    expect(
      await emit(pathologist.socket, 'meeting:command', { meetingId, command: 'raise_hand' }),
    ).toMatchObject({ ok: true, state: { queue: { raised: [people.pathologist.user.id] } } });
    const floor = await emit(chair.socket, 'meeting:command', {
      meetingId,
      command: 'give_floor',
      userId: people.pathologist.user.id,
    });
    expect(floor).toMatchObject({
      ok: true,
      state: { queue: { raised: [], floor: people.pathologist.user.id } },
    });

    // Who was present for each case is written once the focus change is committed.
    let attendance: request.Response | null = null;
    await waitFor(
      async () => {
        attendance = await request(t.http)
          .get(`/api/v1/meetings/${meetingId}/attendance`)
          .set(bearer(people.observer.token))
          .expect(200);
        return attendance.body.byItem.some(
          (item: { itemId: string }) => item.itemId === itemIds[1],
        );
      },
      5_000,
      'attendance of the second case',
    );
    const second = attendance!.body.byItem.find(
      (item: { itemId: string }) => item.itemId === itemIds[1],
    );
    expect(second.specialties).toEqual(['medical_oncology', 'pathology']);
    expect(second.userIds).not.toContain(people.observer.user.id);
    expect(attendance!.body.attendees.map((a: { userId: string }) => a.userId)).toEqual(
      expect.arrayContaining([
        people.chair.user.id,
        people.pathologist.user.id,
        people.observer.user.id,
      ]),
    );
    await request(t.http)
      .get(`/api/v1/meetings/${meetingId}/attendance`)
      .set(bearer(people.outsider.token))
      .expect(404);
  });

  it('marks cases discussed or deferred from the room, for the chair only, and shows every client', async () => {
    const chair = await join('chair');
    const pathologist = await join('pathologist');
    expect(chair.state.focusedItemId).toBe(itemIds[1]);
    expect(
      await emit(pathologist.socket, 'meeting:command', { meetingId, command: 'mark_discussed' }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const seen = stateWhere(pathologist.socket, (state) =>
      state.agenda.some((item) => item.itemId === itemIds[1] && item.status === 'discussed'),
    );
    const discussed = await emit(chair.socket, 'meeting:command', {
      meetingId,
      command: 'mark_discussed',
    });
    expect(discussed).toMatchObject({ ok: true, state: { focusedItemId: itemIds[1] } });
    const view = await seen;
    expect(view.agenda.find((item) => item.itemId === itemIds[1])?.status).toBe('discussed');
    expect(view.timers.find((timer) => timer.itemId === itemIds[1])?.running).toBe(false);
    expect(
      await emit(chair.socket, 'meeting:command', { meetingId, command: 'mark_discussed' }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const later = await request(t.http)
      .post(`/api/v1/boards/${boardId}/meetings`)
      .set(bearer(people.coordinator.token))
      .send({
        title: 'Next week',
        startLocal: `${new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10)}T08:00`,
        durationMinutes: 60,
      })
      .expect(201);
    const deferred = await emit(chair.socket, 'meeting:command', {
      meetingId,
      command: 'defer',
      itemId: itemIds[0],
      reason: 'awaiting PET-CT',
    });
    expect(deferred).toMatchObject({ ok: true, state: { focusedItemId: itemIds[1] } });
    if (!deferred.ok) return;
    const deferredItem = deferred.state.agenda.find((item) => item.itemId === itemIds[0]);
    expect(deferredItem).toMatchObject({ status: 'deferred', position: null });
    const nextAgenda = await request(t.http)
      .get(`/api/v1/meetings/${later.body.meetings[0].id}/agenda`)
      .set(bearer(people.chair.token))
      .expect(200);
    expect(nextAgenda.body.items).toEqual([
      expect.objectContaining({
        caseId: deferredItem?.caseId,
        deferredFromItemId: itemIds[0],
        status: 'pending',
      }),
    ]);
    expect(
      await emit(chair.socket, 'meeting:command', {
        meetingId,
        command: 'defer',
        itemId: itemIds[0],
      }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  /** Holds one read of the room until `pause` resolves; returns what undoes it. */
  type Hold = (pause: () => Promise<void>) => () => void;
  const moments: Array<[string, Hold]> = [
    [
      'the presence broadcast reads the room, between the room and its agenda',
      (pause) => {
        const agenda = t.app.get(AgendaService);
        const read = agenda.roomAgenda.bind(agenda);
        const spy = jest.spyOn(agenda, 'roomAgenda').mockImplementationOnce(async (id) => {
          await pause();
          return read(id);
        });
        return () => spy.mockRestore();
      },
    ],
    [
      'a joiner is answered, as its timers are read',
      (pause) => {
        // Outside a transaction, the room's state is read through the pool's own manager: only
        // the joiner's read of its timers does that.
        const db = t.dataSource.manager;
        const query = db.query.bind(db);
        let held = false;
        const spy = jest
          .spyOn(db, 'query')
          .mockImplementation(async (sql: string, parameters?: unknown[]) => {
            if (!held && sql.startsWith('SELECT state FROM meeting_room_state')) {
              held = true;
              await pause();
            }
            return query(sql, parameters);
          });
        return () => spy.mockRestore();
      },
    ],
  ];

  it.each(moments)(
    'never shows a case discussed with its timer still running, when the command commits while %s',
    async (_moment, hold) => {
      const own = await liveBoard(t, 'Snapshot Board');
      const command = (socket: Client, name: string, itemId?: string) =>
        emit(socket, 'meeting:command', { meetingId: own.meetingId, command: name, itemId });
      const chair = await connect(own.people.chair.token);
      expect(await emit(chair, 'meeting:join', { meetingId: own.meetingId })).toMatchObject({
        ok: true,
      });
      expect(await command(chair, 'start')).toMatchObject({ ok: true });
      expect(await command(chair, 'focus', own.itemIds[0])).toMatchObject({
        ok: true,
        state: { focusedItemId: own.itemIds[0] },
      });
      const seen: MeetingStateView[] = [];
      onState(chair, (state) => seen.push(state));
      const version = async () =>
        (
          (await t.dataSource.query(
            `SELECT version FROM meeting_room_state WHERE meeting_id = $1`,
            [own.meetingId],
          )) as Array<{ version: number }>
        )[0].version;
      const before = await version();

      let marked: ReturnType<typeof command> | null = null;
      const release = hold(async () => {
        marked = command(chair, 'mark_discussed');
        await waitFor(async () => (await version()) > before, 5_000, 'the command committed');
      });
      try {
        const pathologist = await connect(own.people.pathologist.token);
        onState(pathologist, (state) => seen.push(state));
        expect(await emit(pathologist, 'meeting:join', { meetingId: own.meetingId })).toMatchObject(
          { ok: true },
        );
        await waitFor(() => marked !== null, 5_000, 'the read held');
        expect(await marked).toMatchObject({ ok: true });
        await waitFor(
          () => (currentState(pathologist)?.version ?? 0) > before,
          5_000,
          'the pathologist saw it',
        );
        const view = currentState(pathologist)!;
        expect(view.agenda.find((item) => item.itemId === own.itemIds[0])?.status).toBe(
          'discussed',
        );
        expect(view.timers.find((timer) => timer.itemId === own.itemIds[0])?.running).toBe(false);
      } finally {
        release();
      }
      // Every state either client went through shows the case and its timer from the same moment.
      expect(seen.length).toBeGreaterThanOrEqual(3);
      for (const state of seen) {
        const item = state.agenda.find((entry) => entry.itemId === own.itemIds[0]);
        const timer = state.timers.find((entry) => entry.itemId === own.itemIds[0]);
        expect({ discussed: item?.status === 'discussed', running: timer?.running }).toEqual(
          state.version > before
            ? { discussed: true, running: false }
            : { discussed: false, running: true },
        );
      }
    },
  );

  it('recovers a dropped connection: missed events are replayed and the member is present again', async () => {
    const chairSocket = await connect(people.chair.token, { reconnection: true });
    expect((await emit(chairSocket, 'meeting:join', { meetingId })).ok).toBe(true);
    const pathologist = await join('pathologist');
    // Recovery resumes from the last broadcast a client received: let one arrive first.
    await stateWhere(chairSocket, (state) => state.presence.length === 2);

    const states: MeetingStateView[] = [];
    onState(chairSocket, (state) => states.push(state));
    const dropped = stateWhere(
      pathologist.socket,
      (state) => !state.presence.some((p) => p.userId === people.chair.user.id),
    );
    chairSocket.io.engine.close();
    await dropped;
    const raised = await emit(pathologist.socket, 'meeting:command', {
      meetingId,
      command: 'raise_hand',
    });
    expect(raised.ok).toBe(true);
    await waitFor(() =>
      states.some((state) => state.presence.some((p) => p.userId === people.chair.user.id)),
    );
    expect(chairSocket.recovered).toBe(true);
    // The state broadcast while the chair was away is replayed, before the post-recovery snapshot.
    const missed = states.findIndex(
      (state) =>
        state.queue.raised.includes(people.pathologist.user.id) &&
        !state.presence.some((p) => p.userId === people.chair.user.id),
    );
    const back = states.findIndex((state) =>
      state.presence.some((p) => p.userId === people.chair.user.id),
    );
    expect(missed).toBeGreaterThanOrEqual(0);
    expect(back).toBeGreaterThan(missed);
    const lowered = await emit(pathologist.socket, 'meeting:command', {
      meetingId,
      command: 'lower_hand',
    });
    expect(lowered).toMatchObject({ ok: true });
    await waitFor(
      () =>
        currentState(pathologist.socket)?.presence.some((p) => p.userId === people.chair.user.id) ??
        false,
      5_000,
      'the others to see the chair back',
    );
  });

  it('gives a rejoining client, and a client after a server restart, the same state', async () => {
    const chair = await join('chair');
    const before = chair.state;
    expect(before.status).toBe('live');
    chair.socket.disconnect();
    const again = await join('chair');
    expect(again.state).toMatchObject({
      focusedItemId: before.focusedItemId,
      version: before.version,
      queue: before.queue,
    });

    const restarted = await startTestApp({}, { rewriteDatabaseUrl: () => t.database.url });
    try {
      const socket = await connectLive(await listen(restarted), people.chair.token);
      sockets.push(socket);
      const ack = await emit(socket, 'meeting:join', { meetingId });
      expect(ack).toMatchObject({
        ok: true,
        state: { status: 'live', focusedItemId: before.focusedItemId, version: before.version },
      });
      socket.disconnect();
    } finally {
      await restarted.close();
    }
  });

  it('relays the presenter’s imaging viewport to followers, latest state wins, and lets them detach and re-follow', async () => {
    const chair = await join('chair');
    const pathologist = await join('pathologist');
    const received: Array<{ viewport: { frame?: number } }> = [];
    pathologist.socket.on('imaging:viewport', (update: { viewport: { frame?: number } }) =>
      received.push(update),
    );
    const viewport = (frame: number) => ({
      studyInstanceUid: '1.2.840.113619.2.55.3.1',
      seriesInstanceUid: '1.2.840.113619.2.55.3.1.2',
      frame,
      windowCenter: 40,
      windowWidth: 400,
      zoom: 1.5,
      pan: { x: 10, y: -4 },
      annotations: [
        {
          shape: 'arrow',
          points: [
            [10, 10],
            [40, 40],
          ],
          text: 'spiculated margin',
        },
      ],
    });
    for (let frame = 0; frame < 40; frame++) {
      expect(
        await emit(chair.socket, 'imaging:share', { meetingId, viewport: viewport(frame) }),
      ).toEqual({ ok: true });
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(40);
    expect(received[received.length - 1].viewport.frame).toBe(39);

    expect(
      await emit(pathologist.socket, 'imaging:share', { meetingId, viewport: viewport(1) }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const bad of [
      { meetingId, viewport: { studyInstanceUid: 'not a uid' } },
      { meetingId, viewport: { ...viewport(1), zoom: 'big' } },
      { meetingId, viewport: { ...viewport(1), annotations: [{ shape: 'virus', points: [] }] } },
      { meetingId },
    ]) {
      expect(await emit(chair.socket, 'imaging:share', bad)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    const huge = {
      meetingId,
      viewport: {
        ...viewport(1),
        annotations: Array.from({ length: 50 }, () => ({
          shape: 'text',
          points: Array.from({ length: 20 }, () => [123456.789, 987654.321]),
          text: 'x'.repeat(200),
        })),
      },
    };
    expect(await emit(chair.socket, 'imaging:share', huge)).toMatchObject({
      ok: false,
      error: { code: 'too_large' },
    });

    expect(
      await emit(pathologist.socket, 'imaging:follow', { meetingId, follow: false }),
    ).toMatchObject({ ok: true, latest: null });
    const before = received.length;
    await emit(chair.socket, 'imaging:share', { meetingId, viewport: viewport(100) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received.length).toBe(before);
    const refollow = await emit(pathologist.socket, 'imaging:follow', { meetingId, follow: true });
    expect(refollow).toMatchObject({
      ok: true,
      latest: { viewport: { frame: 100 }, from: people.chair.user.id },
    });
  });

  it('ends a share when its sharer stops it, and when the room moves to another case', async () => {
    const chair = await join('chair');
    const pathologist = await join('pathologist');
    const stops: Array<{ meetingId: string; by: string | null; sentAt: string }> = [];
    pathologist.socket.on('imaging:stopped', (stop: (typeof stops)[number]) => stops.push(stop));
    const viewport = {
      studyInstanceUid: '1.2.840.113619.2.55.3.1',
      seriesInstanceUid: '1.2.840.113619.2.55.3.1.2',
      sopInstanceUid: '1.2.840.113619.2.55.3.1.2.7',
      frame: 1,
      annotations: [
        {
          shape: 'angle',
          sopInstanceUid: '1.2.840.113619.2.55.3.1.2.7',
          frame: 1,
          points: [
            [10, 10],
            [40, 40],
            [70, 10],
          ],
        },
      ],
    };
    expect(await emit(chair.socket, 'imaging:share', { meetingId, viewport })).toEqual({
      ok: true,
    });
    expect(
      await emit(pathologist.socket, 'imaging:follow', { meetingId, follow: true }),
    ).toMatchObject({ ok: true, latest: { viewport } });

    for (const bad of [{}, { meetingId: 'nope' }, { meetingId, extra: 1 }]) {
      expect(await emit(chair.socket, 'imaging:stop', bad)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    expect(await emit(pathologist.socket, 'imaging:stop', { meetingId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await emit(chair.socket, 'imaging:stop', { meetingId })).toEqual({ ok: true });
    await waitFor(() => stops.length === 1, 5_000, 'the stop');
    expect(stops[0]).toEqual({ meetingId, by: people.chair.user.id, sentAt: expect.any(String) });
    expect(
      await emit(pathologist.socket, 'imaging:follow', { meetingId, follow: true }),
    ).toMatchObject({ ok: true, latest: null });
    // Nothing shared: stopping again tells nobody.
    expect(await emit(chair.socket, 'imaging:stop', { meetingId })).toEqual({ ok: true });

    expect(await emit(chair.socket, 'imaging:share', { meetingId, viewport })).toEqual({
      ok: true,
    });
    const added = await request(t.http)
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(people.chair.token))
      .send(completeCase('LV-IMG'))
      .expect(201);
    const agenda = await request(t.http)
      .post(`/api/v1/meetings/${meetingId}/agenda`)
      .set(bearer(people.coordinator.token))
      .send({
        caseId: added.body.id,
        minutesAllotted: 10,
        presenterId: people.chair.user.id,
        overrideReason: 'imaging share test',
      })
      .expect(201);
    const other = (agenda.body.items as Array<{ id: string; caseId: string }>).find(
      (item) => item.caseId === added.body.id,
    );
    expect(
      await emit(chair.socket, 'meeting:command', {
        meetingId,
        command: 'focus',
        itemId: other?.id,
      }),
    ).toMatchObject({ ok: true });
    await waitFor(() => stops.length === 2, 5_000, 'the stop on focus');
    expect(stops[1]).toMatchObject({ meetingId, by: null });
    expect(
      await emit(pathologist.socket, 'imaging:follow', { meetingId, follow: true }),
    ).toMatchObject({ ok: true, latest: null });
  });

  it('rate-limits a socket that floods events', async () => {
    const pathologist = await join('pathologist');
    const acks = await Promise.all(
      Array.from({ length: 150 }, () =>
        emit(pathologist.socket, 'meeting:command', { meetingId, command: 'lower_hand' }),
      ),
    );
    expect(
      acks.filter((ack) => !ack.ok && ack.error.code === 'rate_limited').length,
    ).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(
      (await emit(pathologist.socket, 'meeting:command', { meetingId, command: 'lower_hand' })).ok,
    ).toBe(true);
  });

  it('refuses a join whose attendance cannot be written, and leaves nothing of it behind', async () => {
    const chair = await join('chair');
    const userId = people.pathologist.user.id;
    // PostgreSQL refuses this one user's attendance row.
    const lift = await failInserts(
      t,
      'refuse_arrival',
      'meeting_attendance',
      `NEW.user_id = '${userId}'`,
      'attendance refused',
    );
    try {
      const socket = await connect(people.pathologist.token);
      expect(await emit(socket, 'meeting:join', { meetingId })).toMatchObject({
        ok: false,
        error: { code: 'internal' },
      });
      expect(
        await emit(socket, 'meeting:command', { meetingId, command: 'raise_hand' }),
      ).toMatchObject({ ok: false, error: { code: 'not_joined' } });
      // Past the next presence broadcast: the room as the chair sees it never kept them.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(currentState(chair.socket)?.presence.map((p) => p.userId)).not.toContain(userId);
    } finally {
      await lift();
    }
    const again = await join('pathologist');
    expect(again.state.presence.map((p) => p.userId)).toContain(userId);
    await waitFor(
      () => currentState(chair.socket)?.presence.some((p) => p.userId === userId) ?? false,
      5_000,
      'the pathologist in the room',
    );
  });

  it('refuses malformed events with an error acknowledgement and keeps serving', async () => {
    const chair = await join('chair');
    const payloads: unknown[] = [
      null,
      'x',
      42,
      [],
      {},
      { meetingId: 'nope' },
      { meetingId, command: 'explode' },
      { meetingId, command: 'focus' },
      { meetingId, command: 'focus', itemId: 'x' },
      { meetingId, command: 'start', extra: true },
      { meetingId: { $ne: null } },
    ];
    for (const payload of payloads) {
      const ack = await emit(chair.socket, 'meeting:command', payload);
      expect(ack.ok).toBe(false);
    }
    for (const payload of [null, 7, { meetingId: 1 }, { meetingId, evil: true }]) {
      expect((await emit(chair.socket, 'meeting:join', payload)).ok).toBe(false);
    }
    chair.socket.emit('no-such-event');
    const still = await emit(chair.socket, 'meeting:join', { meetingId });
    expect(still.ok).toBe(true);
    await request(t.http).get('/health').expect(200);
  });
});
