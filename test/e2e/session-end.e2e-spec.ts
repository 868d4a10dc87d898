import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Ack, PlatformRole, SessionEndReason, Specialty, TokenPair } from '@app/contracts';
import { testRedisUrl } from '@app/testing';
import { Person, person } from '../support/clinical';
import { NoteClient, noteClient, rawSocket } from '../support/collab';
import { LiveBoard, LiveClient, connectLive, emitLive, listen, liveBoard } from '../support/live';
import { TEST_PASSWORD, TestApp, bearer, login, startTestApp } from '../support/test-app';

/** How long a connection may take to close once its session has ended ("within seconds"). */
const CLOSE_WITHIN_MS = 5_000;
const OPTIONS = [
  { text: 'Lobectomy', intent: 'curative', modalities: ['surgery'] },
  { text: 'Definitive chemoradiotherapy', intent: 'curative', modalities: ['radiotherapy'] },
];

/** A member's live connections on one session: the meeting-room socket and the minutes' y-websocket. */
interface Connections {
  accessToken: string;
  socket: LiveClient;
  note: NoteClient;
  ended: Promise<{ reason: SessionEndReason }>;
  disconnected: Promise<string>;
  noteClosed: Promise<{ code: number; reason: string }>;
  /** What the socket got for a message sent the moment it heard its session ended. */
  late: Promise<unknown>;
}

function within<T>(promise: Promise<T>, what: string, ms = CLOSE_WITHIN_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sessionOf = (tokens: TokenPair): string =>
  JSON.parse(Buffer.from(tokens.accessToken.split('.')[1], 'base64url').toString()).sid;

/** A refusal, or no answer at all (the server had dropped the socket): anything but `ok`. */
function expectRefusedOrUnanswered(outcome: unknown): void {
  if (outcome === 'unanswered') return;
  expect(outcome).toMatchObject({ ok: false, error: { code: 'session_ended' } });
}

/**
 * Connects one session's socket (joined to the meeting) and note; `lateAttempt`
 * is sent on the socket the moment `session:ended` arrives, while the client
 * still believes it is connected.
 */
async function connect(
  url: string,
  port: number,
  meetingId: string,
  accessToken: string,
  lateAttempt: (socket: LiveClient) => Promise<unknown>,
): Promise<Connections> {
  const socket = await connectLive(url, accessToken);
  let late: Promise<unknown> = Promise.resolve('never sent');
  const ended = new Promise<{ reason: SessionEndReason }>((resolve) =>
    socket.once('session:ended', (payload: { reason: SessionEndReason }) => {
      late = lateAttempt(socket).catch(() => 'unanswered');
      resolve(payload);
    }),
  );
  const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
  const joined = await emitLive(socket, 'meeting:join', { meetingId });
  if (!joined.ok) throw new Error(joined.error.message);
  const note = noteClient(port, `meetings/${meetingId}`, accessToken);
  const noteClosed = new Promise<{ code: number; reason: string }>((resolve) =>
    note.provider.on('connection-close', (event) => {
      if (event) resolve({ code: event.code, reason: event.reason });
    }),
  );
  await within(note.firstSync, 'first sync');
  return {
    accessToken,
    socket,
    note,
    ended,
    disconnected,
    noteClosed,
    get late() {
      return late;
    },
  };
}

/** Waits for every connection of the session to be cut, with the reason, and the late message refused. */
async function expectCutOff(connections: Connections, reason: SessionEndReason): Promise<void> {
  expect(await within(connections.ended, 'session:ended')).toEqual({ reason });
  expect(await within(connections.disconnected, 'disconnect')).toBe('io server disconnect');
  expect(await within(connections.noteClosed, 'close of the note')).toEqual({
    code: 4401,
    reason: `session ended: ${reason}`,
  });
  expectRefusedOrUnanswered(await connections.late);
  // A stock y-websocket provider stops on 44xx instead of retrying with a dead token.
  expect(connections.note.provider.shouldConnect).toBe(false);
}

describe('live connections end with their session', () => {
  let t: TestApp;
  let url: string;
  let port: number;
  let live: LiveBoard;
  let admin: Person;
  let chair: LiveClient;
  const opened: Array<{ socket?: LiveClient; note?: NoteClient }> = [];

  const track = (connections: Connections) => {
    opened.push(connections);
    return connections;
  };
  const open = (accessToken: string, late: (socket: LiveClient) => Promise<unknown>) =>
    connect(url, port, live.meetingId, accessToken, late).then(track);
  const emailOf = (who: string) => live.people[who].user.email;
  const room = async (): Promise<{ version: number; focused: string | null }> => {
    const [row] = await t.dataSource.query(
      `SELECT version, state->>'focusedItemId' AS focused FROM meeting_room_state WHERE meeting_id = $1`,
      [live.meetingId],
    );
    return { version: row.version, focused: row.focused };
  };
  const minutes = async (): Promise<string> =>
    (
      await request(t.http)
        .get(`/api/v1/meetings/${live.meetingId}/notes`)
        .set(bearer(live.people.pathologist.token))
        .expect(200)
    ).body.markdown;
  const focus = (socket: LiveClient, itemId: string) =>
    socket.timeout(1_500).emitWithAck('meeting:command', {
      meetingId: live.meetingId,
      command: 'focus',
      itemId,
    }) as Promise<Ack>;
  const otherItem = async () =>
    (await room()).focused === live.itemIds[0] ? live.itemIds[1] : live.itemIds[0];

  /** The session is gone for good: no new socket, no note, no REST call with its token. */
  const expectSessionDead = async (accessToken: string) => {
    await expect(connectLive(url, accessToken)).rejects.toThrow(/unauthenticated/);
    const upgrade = await rawSocket(
      port,
      `/collab/meetings/${live.meetingId}?token=${accessToken}`,
    );
    expect(upgrade.status).toBe(401);
    await request(t.http).get('/api/v1/users/me').set(bearer(accessToken)).expect(401);
  };

  /** Edits the note after the end: never applied, never stored. */
  const expectEditRefused = async (connections: Connections, marker: string) => {
    connections.note.doc.getText('markdown').insert(0, `${marker}\n`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await minutes()).not.toContain(marker);
  };

  beforeAll(async () => {
    t = await startTestApp();
    url = await listen(t);
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    live = await liveBoard(t, 'Session Board');
    admin = await person(t, Specialty.Radiology, PlatformRole.Admin);
    chair = await connectLive(url, live.people.chair.token);
    opened.push({ socket: chair });
    if (!(await emitLive(chair, 'meeting:join', { meetingId: live.meetingId })).ok)
      throw new Error('chair could not join');
    const started = await emitLive(chair, 'meeting:command', {
      meetingId: live.meetingId,
      command: 'start',
    });
    if (!started.ok) throw new Error(started.error.message);
  });

  afterAll(async () => {
    for (const { socket, note } of opened) {
      socket?.disconnect();
      note?.close();
    }
    await t.close();
  });

  it('logout: the socket is told and closed, the note closed with 4401, and a chair command racing the close is not applied', async () => {
    const tokens = await login(t, emailOf('chair'));
    let target = await otherItem();
    const victim = await open(tokens.accessToken, (socket) => focus(socket, target));
    expect(await focus(victim.socket, target)).toMatchObject({ ok: true });
    target = await otherItem();
    const before = await room();

    await request(t.http).post('/api/v1/auth/logout').set(bearer(tokens)).expect(200);

    await expectCutOff(victim, 'logout');
    await expectEditRefused(victim, 'WRITTEN AFTER LOGOUT');
    expect(await room()).toEqual(before);
    await expectSessionDead(tokens.accessToken);
    // The chair's other session is untouched.
    expect(chair.connected).toBe(true);
    expect(await focus(chair, target)).toMatchObject({ ok: true });
  });

  it('password changed: the other sessions are cut off, the session that changed it stays', async () => {
    const victim = await open(
      (await login(t, emailOf('coordinator'))).accessToken,
      async (socket) => focus(socket, await otherItem()),
    );
    // The session the password is changed from (the one `person()` signed in).
    const keeper = await open(live.people.coordinator.token, async () => 'not expected');
    const before = await room();

    await request(t.http)
      .post('/api/v1/auth/password')
      .set(bearer(live.people.coordinator.token))
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'Tidal-Meridian-Quartz-Lantern-88' })
      .expect(204);

    await expectCutOff(victim, 'password_changed');
    await expectEditRefused(victim, 'WRITTEN AFTER THE PASSWORD CHANGE');
    expect(await room()).toEqual(before);
    await expectSessionDead(victim.accessToken);
    expect(keeper.socket.connected).toBe(true);
    expect(await focus(keeper.socket, await otherItem())).toMatchObject({ ok: true });
  });

  it('session expired (its row cut short): closed at its end, with "expired"', async () => {
    const tokens = await login(t, emailOf('chair'));
    await t.dataSource.query(
      `UPDATE auth_session SET expires_at = now() + interval '2 seconds' WHERE id = $1`,
      [sessionOf(tokens)],
    );
    const victim = await open(tokens.accessToken, async (socket) =>
      focus(socket, await otherItem()),
    );
    expect(await focus(victim.socket, await otherItem())).toMatchObject({ ok: true });
    const before = await room();

    await expectCutOff(victim, 'expired');
    await expectEditRefused(victim, 'WRITTEN AFTER EXPIRY');
    expect(await room()).toEqual(before);
    await expectSessionDead(tokens.accessToken);
  });

  it('idle timeout: a session refreshed in time keeps its connections; one left idle is closed with "expired"', async () => {
    const idleSoon = (tokens: TokenPair) =>
      t.dataSource.query(
        `UPDATE refresh_token SET expires_at = now() + interval '1500 milliseconds'
          WHERE session_id = $1 AND used_at IS NULL`,
        [sessionOf(tokens)],
      );
    const active = await login(t, emailOf('chair'));
    await idleSoon(active);
    const kept = await open(active.accessToken, async () => 'not expected');
    const idle = await login(t, emailOf('chair'));
    await idleSoon(idle);
    const victim = await open(idle.accessToken, async (socket) => focus(socket, await otherItem()));

    // The client renews its tokens before the idle deadline (as the web client does).
    await request(t.http)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: active.refreshToken })
      .expect(200);
    const before = await room();

    await expectCutOff(victim, 'expired');
    expect(await room()).toEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(kept.socket.connected).toBe(true);
    expect(kept.note.provider.wsconnected).toBe(true);
    expect(await focus(kept.socket, await otherItem())).toMatchObject({ ok: true });
  });

  it('refresh-token reuse: the whole session is revoked and its connections cut off', async () => {
    const first = await login(t, emailOf('chair'));
    const second = (
      await request(t.http)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: first.refreshToken })
        .expect(200)
    ).body as TokenPair;
    const victim = await open(second.accessToken, async (socket) =>
      focus(socket, await otherItem()),
    );
    const before = await room();

    // Someone replays the spent refresh token: the session (token family) is revoked.
    await request(t.http)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: first.refreshToken })
      .expect(401);

    await expectCutOff(victim, 'refresh_token_reuse');
    await expectEditRefused(victim, 'WRITTEN AFTER REUSE');
    expect(await room()).toEqual(before);
    await expectSessionDead(second.accessToken);
  });

  it('account disabled: every session of the account is cut off and a ballot racing the close is not counted', async () => {
    const surgeon = live.people.surgeon.user.id;
    let voteId = '';
    const optionIds: string[] = [];
    const victim = await open((await login(t, emailOf('surgeon'))).accessToken, (socket) =>
      socket.timeout(1_500).emitWithAck('vote:cast', {
        voteId,
        choice: optionIds[0],
        submissionId: randomUUID(),
      }),
    );
    const openedVote = (await chair.timeout(5_000).emitWithAck('vote:open', {
      meetingId: live.meetingId,
      question: 'Treatment?',
      options: OPTIONS,
    })) as Ack<{
      vote: { id: string; options: Array<{ id: string }>; eligible: Array<{ userId: string }> };
    }>;
    if (!openedVote.ok) throw new Error(openedVote.error.message);
    voteId = openedVote.vote.id;
    optionIds.push(...openedVote.vote.options.map((option) => option.id));
    expect(openedVote.vote.eligible.map((voter) => voter.userId)).toContain(surgeon);
    expect(
      await victim.socket.timeout(5_000).emitWithAck('vote:cast', {
        voteId,
        choice: 'abstain',
        submissionId: randomUUID(),
      }),
    ).toMatchObject({ ok: true });

    await request(t.http)
      .patch(`/api/v1/users/${surgeon}`)
      .set(bearer(admin.token))
      .send({ status: 'disabled' })
      .expect(200);

    await expectCutOff(victim, 'account_disabled');
    await expectEditRefused(victim, 'WRITTEN AFTER DISABLING');
    const ballots = await t.dataSource.query(
      `SELECT option_id FROM ballot WHERE vote_id = $1 AND voter_id = $2`,
      [voteId, surgeon],
    );
    expect(ballots).toEqual([{ option_id: null }]);
    await expectSessionDead(victim.accessToken);
  });

  it('audits each ended session with its reason', async () => {
    const rows: Array<{ reason: string }> = await t.auditLog(
      `SELECT details->>'reason' AS reason FROM audit_event WHERE action = 'auth.session_ended'`,
    );
    expect(new Set(rows.map((row) => row.reason))).toEqual(
      new Set(['logout', 'password_changed', 'refresh_token_reuse', 'account_disabled']),
    );
  });
});

const redisUrl = testRedisUrl();
const describeWithRedis = redisUrl ? describe : describe.skip;

describeWithRedis('live connections end with their session on every instance (Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  let urlB: string;
  let portB: number;
  let live: LiveBoard;
  const opened: Connections[] = [];

  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl ?? '' };
    a = await startTestApp(env);
    b = await startTestApp(env, { rewriteDatabaseUrl: () => a.database.url });
    await listen(a);
    urlB = await listen(b);
    portB = (b.app.getHttpServer().address() as AddressInfo).port;
    live = await liveBoard(a, 'Two-instance Session Board');
  });

  afterAll(async () => {
    for (const { socket, note } of opened) {
      socket.disconnect();
      note.close();
    }
    await b?.close();
    await a?.close();
  });

  it('signing out on instance A closes the socket and the note held by instance B, and refuses what races the close', async () => {
    const tokens = await login(a, live.people.chair.user.email);
    const focusSecond = (socket: LiveClient) =>
      socket.timeout(1_500).emitWithAck('meeting:command', {
        meetingId: live.meetingId,
        command: 'focus',
        itemId: live.itemIds[1],
      });
    const onB = await connect(urlB, portB, live.meetingId, tokens.accessToken, focusSecond);
    opened.push(onB);
    expect(
      await emitLive(onB.socket, 'meeting:command', {
        meetingId: live.meetingId,
        command: 'start',
      }),
    ).toMatchObject({ ok: true, state: { focusedItemId: live.itemIds[0] } });

    await request(a.http).post('/api/v1/auth/logout').set(bearer(tokens)).expect(200);

    await expectCutOff(onB, 'logout');
    const [row] = await a.dataSource.query(
      `SELECT state->>'focusedItemId' AS focused FROM meeting_room_state WHERE meeting_id = $1`,
      [live.meetingId],
    );
    expect(row.focused).toBe(live.itemIds[0]);
    await expect(connectLive(urlB, tokens.accessToken)).rejects.toThrow(/unauthenticated/);
  });
});
