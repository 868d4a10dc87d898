import request from 'supertest';
import { AgendaView, MeetingStateView } from '@app/contracts';
import { TestApp, bearer, failInserts, startTestApp } from '../support/test-app';
import {
  LiveBoard,
  LiveClient,
  connectLive,
  emitLive,
  listen,
  liveBoard,
  stateWhere,
} from '../support/live';

/** Ending a live meeting: no case is left behind on it, all or nothing. */
describe('ending a meeting with cases not discussed', () => {
  let t: TestApp;
  let url: string;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    // No video here: the room runs without media workers.
    t = await startTestApp({ MEDIASOUP_WORKERS: '0' });
    url = await listen(t);
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  afterAll(() => t.close());

  const join = async (board: LiveBoard, who: string, meetingId = board.meetingId) => {
    const socket = await connectLive(url, board.people[who].token);
    sockets.push(socket);
    const ack = await emitLive(socket, 'meeting:join', { meetingId });
    if (!ack.ok) throw new Error(`${who} could not join: ${ack.error.message}`);
    return socket;
  };

  const command = (socket: LiveClient, meetingId: string, payload: object) =>
    emitLive(socket, 'meeting:command', { meetingId, ...payload });

  const started = async (socket: LiveClient, meetingId: string): Promise<MeetingStateView> => {
    const ack = await command(socket, meetingId, { command: 'start' });
    if (!ack.ok) throw new Error(`could not start: ${ack.error.message}`);
    return ack.state;
  };

  const schedule = async (board: LiveBoard, daysAhead: number, durationMinutes: number) => {
    const day = new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
    const series = await request(t.http)
      .post(`/api/v1/boards/${board.boardId}/meetings`)
      .set(bearer(board.people.coordinator.token))
      .send({ title: `In ${daysAhead} days`, startLocal: `${day}T08:00`, durationMinutes })
      .expect(201);
    return series.body.meetings[0].id as string;
  };

  const meetingStatus = async (board: LiveBoard, meetingId: string) =>
    (
      await request(t.http)
        .get(`/api/v1/meetings/${meetingId}`)
        .set(bearer(board.people.chair.token))
        .expect(200)
    ).body.status as string;

  const agendaOf = async (board: LiveBoard, meetingId: string): Promise<AgendaView> =>
    (
      await request(t.http)
        .get(`/api/v1/meetings/${meetingId}/agenda`)
        .set(bearer(board.people.chair.token))
        .expect(200)
    ).body;

  const caseStatus = async (board: LiveBoard, caseId: string) =>
    (
      await request(t.http)
        .get(`/api/v1/cases/${caseId}`)
        .set(bearer(board.people.chair.token))
        .expect(200)
    ).body.status as string;

  const auditOf = (
    meetingId: string,
  ): Promise<
    Array<{ action: string; actor_id: string | null; details: Record<string, unknown> }>
  > =>
    t.auditLog(
      `SELECT action, actor_id, details FROM audit_event WHERE target_id = $1 ORDER BY seq`,
      [meetingId],
    );

  /** What must not move when an end is refused. */
  const snapshot = async (board: LiveBoard, chair: LiveClient) => {
    const rejoined = await emitLive(chair, 'meeting:join', { meetingId: board.meetingId });
    if (!rejoined.ok) throw new Error(rejoined.error.message);
    const agenda = await agendaOf(board, board.meetingId);
    return {
      status: rejoined.state.status,
      version: rejoined.state.version,
      focusedItemId: rejoined.state.focusedItemId,
      agenda: rejoined.state.agenda,
      items: agenda.items.map(({ id, status, position, deferralReason }) => ({
        id,
        status,
        position,
        deferralReason,
      })),
      meeting: await meetingStatus(board, board.meetingId),
      cases: await Promise.all(agenda.items.map((item) => caseStatus(board, item.caseId))),
      agendaEvents: (await auditOf(board.meetingId)).filter((e) => e.action.startsWith('agenda.'))
        .length,
    };
  };

  it('refuses an end without a choice, bad input, a non-chair and a board with no next meeting, changing nothing; carries the cases over in one go', async () => {
    const board = await liveBoard(t, 'Carry-over Board');
    const chair = await join(board, 'chair');
    const pathologist = await join(board, 'pathologist');
    const { meetingId, itemIds } = board;
    await started(chair, meetingId);
    const before = await snapshot(board, chair);
    expect(before).toMatchObject({
      status: 'live',
      meeting: 'live',
      focusedItemId: itemIds[0],
      cases: ['scheduled', 'scheduled'],
    });
    expect(before.items.map((item) => item.status)).toEqual(['in_discussion', 'pending']);

    expect(await command(chair, meetingId, { command: 'end' })).toEqual({
      ok: false,
      error: {
        code: 'undiscussed_items',
        message:
          "2 cases were not discussed: carry them to the next meeting or return them to the board's cases",
      },
    });
    expect(
      await command(pathologist, meetingId, {
        command: 'end',
        undiscussed: 'carry_over',
        reason: 'ran out of time',
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const bad of [
      { command: 'end', undiscussed: 'archive', reason: 'ran out of time' },
      { command: 'end', undiscussed: 'carry_over' },
      { command: 'end', undiscussed: 'return_to_cases', reason: '' },
      { command: 'end', undiscussed: 'carry_over', reason: '   ' },
      { command: 'end', undiscussed: 'carry_over', reason: 'x'.repeat(501) },
      { command: 'end', undiscussed: 'carry_over', reason: 42 },
      { command: 'end', undiscussed: 'carry_over', reason: null },
    ]) {
      expect(await command(chair, meetingId, bad)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    expect(
      await command(chair, meetingId, {
        command: 'end',
        undiscussed: 'carry_over',
        reason: 'ran out of time',
      }),
    ).toEqual({
      ok: false,
      error: {
        code: 'no_next_meeting',
        message:
          "the board has no later scheduled meeting to carry the cases to: schedule one, or return the cases to the board's cases",
      },
    });
    expect(await snapshot(board, chair)).toEqual(before);

    // The next meeting has room for one of the two cases only: both go, the second over its time.
    const nextMeetingId = await schedule(board, 9, 15);

    // A failure while carrying the second case leaves the first where it was, and the meeting live.
    const lift = await failInserts(
      t,
      'fail_second_carry',
      'agenda_item',
      `NEW.deferred_from_item_id = '${itemIds[1]}'`,
      'disk full',
    );
    expect(
      await command(chair, meetingId, {
        command: 'end',
        undiscussed: 'carry_over',
        reason: 'ran out of time',
      }),
    ).toMatchObject({ ok: false, error: { code: 'internal' } });
    await lift();
    expect(await snapshot(board, chair)).toEqual(before);
    expect((await agendaOf(board, nextMeetingId)).items).toEqual([]);

    const ended = stateWhere(pathologist, (state) => state.status === 'ended');
    const carried = await command(chair, meetingId, {
      command: 'end',
      undiscussed: 'carry_over',
      reason: `  Ran out of time: ${'x'.repeat(480)}  `,
    });
    const reason = `Ran out of time: ${'x'.repeat(480)}`;
    expect(carried).toMatchObject({ ok: true, state: { status: 'ended', focusedItemId: null } });
    if (!carried.ok) return;
    expect(carried.state.agenda.map((item) => [item.itemId, item.status, item.position])).toEqual([
      [itemIds[0], 'deferred', null],
      [itemIds[1], 'deferred', null],
    ]);
    expect((await ended).version).toBe(carried.state.version);
    expect(await meetingStatus(board, meetingId)).toBe('ended');

    const endedAgenda = await agendaOf(board, meetingId);
    expect(endedAgenda.items).toEqual([]);
    expect(endedAgenda.deferred.map((item) => [item.id, item.deferralReason])).toEqual([
      [itemIds[0], reason],
      [itemIds[1], reason],
    ]);
    const caseIds = endedAgenda.deferred.map((item) => item.caseId);
    const nextAgenda = await agendaOf(board, nextMeetingId);
    expect(nextAgenda.usedMinutes).toBe(20);
    expect(nextAgenda.items).toEqual([
      expect.objectContaining({
        caseId: caseIds[0],
        position: 1,
        status: 'pending',
        deferredFromItemId: itemIds[0],
        overrideReason: 'live room test',
      }),
      expect.objectContaining({
        caseId: caseIds[1],
        position: 2,
        status: 'pending',
        deferredFromItemId: itemIds[1],
        overrideReason: `carried over from Live past this meeting's time (the agenda would need 20 minutes but the meeting lasts 15; 5 minutes are left): ${reason}`,
      }),
    ]);
    expect(await Promise.all(caseIds.map((caseId) => caseStatus(board, caseId)))).toEqual([
      'scheduled',
      'scheduled',
    ]);

    const audit = (await auditOf(meetingId)).filter(
      (e) => e.action === 'agenda.case_carried_over' || e.action === 'meeting.end',
    );
    const chairId = board.people.chair.user.id;
    expect(audit).toEqual([
      {
        action: 'agenda.case_carried_over',
        actor_id: chairId,
        details: {
          caseId: caseIds[0],
          fromItemId: itemIds[0],
          toMeetingId: nextMeetingId,
          toItemId: nextAgenda.items[0].id,
          reason,
          overrun: null,
        },
      },
      {
        action: 'agenda.case_carried_over',
        actor_id: chairId,
        details: {
          caseId: caseIds[1],
          fromItemId: itemIds[1],
          toMeetingId: nextMeetingId,
          toItemId: nextAgenda.items[1].id,
          reason,
          overrun: 'the agenda would need 20 minutes but the meeting lasts 15; 5 minutes are left',
        },
      },
      {
        action: 'meeting.end',
        actor_id: chairId,
        details: expect.objectContaining({
          type: 'end',
          undiscussed: { choice: 'carry_over', reason },
        }),
      },
    ]);

    // The carried cases are discussed at the next meeting, which then ends with no choice to make.
    await join(board, 'chair', nextMeetingId).then(async (socket) => {
      expect((await started(socket, nextMeetingId)).focusedItemId).toBe(nextAgenda.items[0].id);
      for (const step of ['mark_discussed', 'next', 'mark_discussed']) {
        expect(await command(socket, nextMeetingId, { command: step })).toMatchObject({ ok: true });
      }
      expect(await command(socket, nextMeetingId, { command: 'end' })).toMatchObject({
        ok: true,
        state: { status: 'ended' },
      });
    });
    expect(await Promise.all(caseIds.map((caseId) => caseStatus(board, caseId)))).toEqual([
      'discussed',
      'discussed',
    ]);
  });

  it('returns the cases not discussed to the board, leaving the discussed one alone', async () => {
    const board = await liveBoard(t, 'Return Board');
    const chair = await join(board, 'chair');
    const { meetingId, itemIds } = board;
    await started(chair, meetingId);
    expect(await command(chair, meetingId, { command: 'next' })).toMatchObject({ ok: true });
    expect(await command(chair, meetingId, { command: 'mark_discussed' })).toMatchObject({
      ok: true,
    });
    expect(await command(chair, meetingId, { command: 'end' })).toMatchObject({
      ok: false,
      error: {
        code: 'undiscussed_items',
        message:
          "1 case was not discussed: carry it to the next meeting or return it to the board's cases",
      },
    });

    const returned = await command(chair, meetingId, {
      command: 'end',
      undiscussed: 'return_to_cases',
      reason: 'Awaiting PET-CT',
    });
    expect(returned).toMatchObject({ ok: true, state: { status: 'ended' } });
    if (!returned.ok) return;
    expect(returned.state.agenda.map((item) => [item.itemId, item.status])).toEqual([
      [itemIds[1], 'discussed'],
      [itemIds[0], 'deferred'],
    ]);
    const agenda = await agendaOf(board, meetingId);
    expect(agenda.items).toEqual([
      expect.objectContaining({ id: itemIds[1], status: 'discussed', position: 1 }),
    ]);
    expect(agenda.deferred).toEqual([
      expect.objectContaining({ id: itemIds[0], deferralReason: 'Awaiting PET-CT' }),
    ]);
    const returnedCase = agenda.deferred[0].caseId;
    expect(await caseStatus(board, returnedCase)).toBe('ready');
    expect(await caseStatus(board, agenda.items[0].caseId)).toBe('discussed');

    const audit = (await auditOf(meetingId)).filter((e) => e.action === 'agenda.case_returned');
    expect(audit).toEqual([
      {
        action: 'agenda.case_returned',
        actor_id: board.people.chair.user.id,
        details: {
          caseId: returnedCase,
          itemId: itemIds[0],
          toMeetingId: null,
          reason: 'Awaiting PET-CT',
        },
      },
    ]);

    // Nothing points at it from another meeting; a coordinator puts it on a later agenda.
    const laterId = await schedule(board, 14, 60);
    const later = await request(t.http)
      .post(`/api/v1/meetings/${laterId}/agenda`)
      .set(bearer(board.people.coordinator.token))
      .send({
        caseId: returnedCase,
        minutesAllotted: 10,
        presenterId: board.people.chair.user.id,
        overrideReason: 'back after PET-CT',
      })
      .expect(201);
    expect(later.body.items).toEqual([
      expect.objectContaining({ caseId: returnedCase, deferredFromItemId: null }),
    ]);
    expect(await caseStatus(board, returnedCase)).toBe('scheduled');
  });
});
