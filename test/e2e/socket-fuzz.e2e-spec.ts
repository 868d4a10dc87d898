import fc from 'fast-check';
import { randomInt, randomUUID } from 'node:crypto';
import request from 'supertest';
import WebSocket from 'ws';
import { Ack, MeetingStateView, VoteView } from '@app/contracts';
import { noteClient, rawSocket, waitFor } from '../support/collab';
import { rng } from '../support/fuzz';
import {
  LiveBoard,
  LiveClient,
  connectLive,
  emitLive,
  listen,
  liveBoard,
  onState,
} from '../support/live';
import {
  DESCRIBED_EVENTS,
  FuzzCall,
  FuzzIds,
  MAX_MESSAGE_BYTES,
  UNKNOWN_EVENTS,
  awarenessFrame,
  callsFor,
  gatewayEvents,
  refusalProblem,
  wireBytes,
  yjsFrames,
} from '../support/socket-fuzz';
import { TestApp, bearer, startTestApp } from '../support/test-app';

/** Cases per socket event (and six times as many Yjs frames); `FUZZ_RUNS` raises it (bench/fuzz-soak.mjs does). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/** Fixed by default so a failure replays; `FUZZ_SEED` explores others. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const FRAMES = RUNS * 6;
const MAX_NOTE_MESSAGE_BYTES = 65_536;

/** Per socket: a burst of 60 events is allowed; a fuzzing socket is replaced before it gets there. */
const EVENTS_PER_SOCKET = 50;
const ACK_TIMEOUT_MS = 3_000;
/** Who fuzzes, in turn: the chair and a coordinator (who run the room), members, an observer. */
const FUZZERS = ['chair', 'coordinator', 'surgeon', 'observer', 'pathologist'];
const UNKNOWN = '(unknown event)';

const OPTIONS = [
  { text: 'Lobectomy', intent: 'curative', modalities: ['surgery'] },
  {
    text: 'Chemoradiotherapy',
    intent: 'curative',
    modalities: ['radiotherapy', 'systemic_therapy'],
  },
];

interface Finding {
  event: string;
  who: string;
  shape: string;
  payload: string;
  problem: string;
}

interface Fuzzer {
  who: string;
  socket: LiveClient;
  sent: number;
  /** Why the server ended the connection, once it did. */
  disconnected: string | null;
  exceptions: unknown[];
}

type Outcome =
  | { kind: 'ack'; ack: Ack<Record<string, unknown>> }
  | { kind: 'silent' }
  | { kind: 'disconnected' }
  | { kind: 'sent' };

function shuffled<T>(items: T[], seed: number): T[] {
  const random = rng(seed);
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

function excerpt(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 300);
  } catch {
    return String(value).slice(0, 300);
  }
}

/**
 * Property-based fuzzing of the live room, votes and video signalling over socket.io, and of
 * the shared notes' y-websocket frames: every event the /meetings gateways subscribe to gets
 * malformed and hostile payloads from members who joined a real meeting; refusals are clear
 * 4xx-class acknowledgements that change nothing, and the server keeps serving everyone else.
 */
describe('socket and Yjs fuzzing: refusals are clear and change nothing', () => {
  let t: TestApp;
  let url: string;
  let port: number;
  let live: LiveBoard;
  let ids: FuzzIds;
  let caseId: string;
  let watcher: LiveClient;
  let watchedVersion = 0;
  const bystanders: LiveClient[] = [];

  const fingerprint = async (): Promise<string> => {
    const [row] = await t.dataSource.query(
      `SELECT json_build_object(
         'meetings', (SELECT json_agg(json_build_array(id, status, starts_at) ORDER BY id) FROM meeting),
         'rooms', (SELECT json_agg(json_build_array(meeting_id, version) ORDER BY meeting_id) FROM meeting_room_state),
         'agenda', (SELECT json_agg(json_build_array(id, meeting_id, status, position, deferral_reason) ORDER BY id) FROM agenda_item),
         'cases', (SELECT json_agg(json_build_array(id, status, version) ORDER BY id) FROM clinical_case),
         'votes', (SELECT json_agg(json_build_array(id, status, question, closed_at) ORDER BY id) FROM vote),
         'ballots', (SELECT count(*) FROM ballot)
       )::text AS state`,
    );
    return row.state as string;
  };

  beforeAll(async () => {
    t = await startTestApp({
      LOGIN_RATE_LIMIT: '10000',
      COLLAB_MAX_MESSAGE_BYTES: String(MAX_NOTE_MESSAGE_BYTES),
      COLLAB_IDLE_UNLOAD_MS: '100',
    });
    url = await listen(t);
    port = Number(new URL(url).port);
    live = await liveBoard(t, 'Fuzzed Board');
    // A neighbouring board's meeting, which none of the fuzzing members belongs to.
    const neighbour = await request(t.http)
      .post('/api/v1/boards')
      .set(bearer(live.people.outsider.token))
      .send({
        name: 'Neighbouring Board',
        tumourSites: ['lung'],
        institution: 'Elsewhere Hospital',
        timezone: 'UTC',
      })
      .expect(201);
    const otherMeeting = await request(t.http)
      .post(`/api/v1/boards/${neighbour.body.id}/meetings`)
      .set(bearer(live.people.outsider.token))
      .send({
        title: 'Neighbours',
        startLocal: `${new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)}T09:00`,
        durationMinutes: 60,
      })
      .expect(201);
    const agenda = await request(t.http)
      .get(`/api/v1/meetings/${live.meetingId}/agenda`)
      .set(bearer(live.people.coordinator.token))
      .expect(200);
    caseId = agenda.body.items[0].caseId;
    for (const who of ['chair', 'pathologist', 'radiologist']) {
      const socket = await connectLive(url, live.people[who].token);
      bystanders.push(socket);
      expect((await emitLive(socket, 'meeting:join', { meetingId: live.meetingId })).ok).toBe(true);
    }
    const [chair] = bystanders;
    expect(
      (await emitLive(chair, 'meeting:command', { meetingId: live.meetingId, command: 'start' }))
        .ok,
    ).toBe(true);
    const opened = (await chair.timeout(5_000).emitWithAck('vote:open', {
      meetingId: live.meetingId,
      question: 'Recommended treatment?',
      options: OPTIONS,
    })) as Ack<{ vote: VoteView }>;
    if (!opened.ok) throw new Error(opened.error.message);
    watcher = await connectLive(url, live.people.observer.token);
    onState(watcher, (state) => {
      watchedVersion = Math.max(watchedVersion, state.version);
    });
    expect((await emitLive(watcher, 'meeting:join', { meetingId: live.meetingId })).ok).toBe(true);
    ids = {
      meetingId: live.meetingId,
      otherMeetingId: otherMeeting.body.meetings[0].id,
      itemIds: live.itemIds,
      userIds: Object.values(live.people).map((person) => person.user.id),
      voteId: opened.vote.id,
      optionIds: opened.vote.options.map((option) => option.id),
      transportIds: [],
      producerIds: [],
    };
  }, 120_000);

  afterAll(async () => {
    for (const socket of [...bystanders, watcher]) socket?.disconnect();
    await t?.close();
  });

  it('fuzzes every event the /meetings gateways subscribe to', () => {
    const events = gatewayEvents(t.app, '/meetings');
    expect(events).toEqual(expect.arrayContaining(DESCRIBED_EVENTS));
  });

  it(`sends ${RUNS} generated calls per socket event, and to unknown events, as members in the room`, async () => {
    const events = gatewayEvents(t.app, '/meetings');
    const schedule = shuffled(
      [...events, UNKNOWN].flatMap((event) => Array.from({ length: RUNS }, () => event)),
      SEED,
    );
    const findings: Finding[] = [];
    const answered: Record<string, number> = {};
    let fuzzer: Fuzzer | null = null;
    let fuzzers = 0;
    /** The database as the last refusal left it; unknown again after anything may have written. */
    let unchanged: string | null = null;
    const started = Date.now();

    const emit = (socket: LiveClient, event: string, payload: unknown) =>
      socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload) as Promise<
        Ack<Record<string, unknown>>
      >;

    const open = async (): Promise<Fuzzer> => {
      const who = FUZZERS[fuzzers % FUZZERS.length];
      fuzzers += 1;
      const socket = await connectLive(url, live.people[who].token);
      const opened: Fuzzer = { who, socket, sent: 0, disconnected: null, exceptions: [] };
      socket.on('disconnect', (reason) => {
        if (reason !== 'io client disconnect') opened.disconnected = reason;
      });
      socket.on('exception', (exception: unknown) => opened.exceptions.push(exception));
      const joined = await emit(socket, 'meeting:join', { meetingId: ids.meetingId });
      if (!joined.ok) throw new Error(`${who} could not join: ${joined.error.message}`);
      ids.transportIds = [];
      if ((await emit(socket, 'media:join', { meetingId: ids.meetingId })).ok) {
        for (const direction of ['send', 'recv']) {
          const created = await emit(socket, 'media:transport', {
            meetingId: ids.meetingId,
            direction,
          });
          if (created.ok) ids.transportIds.push((created.transport as { id: string }).id);
        }
      }
      opened.sent = 4;
      return opened;
    };

    /** Resolves with the acknowledgement, or as soon as the server drops the connection. */
    const send = (current: Fuzzer, event: string, call: FuzzCall): Promise<Outcome> => {
      const { socket } = current;
      if (call.shape === 'no-ack') {
        socket.emit(event, call.payload);
        return Promise.resolve({ kind: 'sent' });
      }
      const args =
        call.shape === 'ack-only'
          ? []
          : call.shape === 'many-args'
            ? [call.payload, ...call.extra]
            : [call.payload];
      return new Promise((resolve) => {
        const onDisconnect = () => resolve({ kind: 'disconnected' });
        socket.once('disconnect', onDisconnect);
        socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck(event, ...args)
          .then(
            (ack: Ack<Record<string, unknown>>) => resolve({ kind: 'ack', ack }),
            () => resolve(current.disconnected ? { kind: 'disconnected' } : { kind: 'silent' }),
          )
          .finally(() => socket.off('disconnect', onDisconnect));
      });
    };

    for (const [index, scheduled] of schedule.entries()) {
      if (!fuzzer || fuzzer.disconnected || fuzzer.sent + 2 > EVENTS_PER_SOCKET) {
        fuzzer?.socket.disconnect();
        fuzzer = await open();
      }
      const event =
        scheduled === UNKNOWN ? UNKNOWN_EVENTS[index % UNKNOWN_EVENTS.length] : scheduled;
      const [call] = fc.sample(callsFor(scheduled, ids), { numRuns: 1, seed: SEED + index });
      const note = (problem: string) =>
        findings.push({
          event,
          who: fuzzer?.who ?? '',
          shape: scheduled === UNKNOWN ? 'unknown' : call.shape,
          payload: excerpt(call.payload),
          problem,
        });
      const oversized =
        wireBytes([event, call.payload, ...(call.shape === 'many-args' ? call.extra : [])]) >
        MAX_MESSAGE_BYTES - 512;
      const before: string = unchanged ?? (await fingerprint());
      unchanged = null;
      let outcome: Outcome = { kind: 'sent' };
      if (scheduled === UNKNOWN) fuzzer.socket.emit(event, call.payload);
      else outcome = await send(fuzzer, event, call);
      fuzzer.sent += outcome.kind === 'sent' ? 2 : 1;
      if (outcome.kind === 'sent' && !fuzzer.disconnected) {
        // Nothing answers: a refusal of the next event shows the socket is still served.
        const probe = await emit(fuzzer.socket, 'imaging:follow', {
          meetingId: randomUUID(),
          follow: true,
        }).catch(() => null);
        if (!fuzzer.disconnected && (probe === null || refusalProblem(probe) !== null))
          note(`the socket was not served after it: ${excerpt(probe)}`);
      }
      if (fuzzer.disconnected || outcome.kind === 'disconnected') {
        if (!oversized) note(`disconnected by the server (${fuzzer.disconnected})`);
        if ((await fingerprint()) !== before) note('the dropped message changed state');
      } else if (outcome.kind === 'silent') {
        note('no acknowledgement');
      } else if (outcome.kind === 'ack') {
        const { ack } = outcome;
        answered[event] = (answered[event] ?? 0) + 1;
        const problem = refusalProblem(ack);
        if (problem) note(problem);
        if (!ack.ok) {
          const after = await fingerprint();
          if (after === before) unchanged = after;
          else note('refused, yet something changed');
        }
        if (ack.ok && event === 'meeting:command') {
          const { version } = (ack as unknown as { state: MeetingStateView }).state;
          await waitFor(() => watchedVersion >= version, 2_000, 'the room to hear it').catch(() =>
            note(`an applied command (version ${version}) never reached the room`),
          );
        }
        if (ack.ok && event === 'media:produce') ids.producerIds.push(String(ack.producerId));
      } else if (typeof call.payload === 'object' && call.payload !== null) {
        // Sent without an acknowledgement: whatever it did may still be committing; let it settle
        // before the next case compares the database.
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      if (fuzzer.exceptions.length > 0)
        note(`the server raised: ${excerpt(fuzzer.exceptions.splice(0))}`);
    }
    fuzzer?.socket.disconnect();

    expect(Object.prototype).not.toHaveProperty('polluted');
    await request(t.http).get('/health').expect(200);
    expect(watcher.connected && bystanders.every((socket) => socket.connected)).toBe(true);
    const after = await connectLive(url, live.people.chair.token);
    try {
      const joined = await emitLive(after, 'meeting:join', { meetingId: live.meetingId });
      expect(joined).toMatchObject({ ok: true, state: { meetingId: live.meetingId } });
      expect(
        await emitLive(after, 'imaging:follow', { meetingId: live.meetingId, follow: true }),
      ).toMatchObject({ ok: true });
    } finally {
      after.disconnect();
    }
    // Read by bench/fuzz-soak.mjs.
    console.log(
      `socket fuzz summary ${JSON.stringify({
        events: events.length,
        calls: schedule.length,
        acknowledged: Object.values(answered).reduce((sum, count) => sum + count, 0),
        sockets: fuzzers,
        serverErrors: findings.length,
        seed: SEED,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      })}`,
    );
    expect(findings).toEqual([]);
  }, 300_000);

  it(`sends ${FRAMES} generated Yjs frames to a note while a colleague edits it`, async () => {
    const document = `cases/${caseId}`;
    const writer = new RawNote(port, `/collab/${document}?token=${live.people.pathologist.token}`);
    const peer = noteClient(port, document, live.people.chair.token);
    const findings: Array<{ kind: string; answer: number | string; allowed: string }> = [];
    let peerCloses = 0;
    const started = Date.now();
    try {
      await peer.firstSync;
      peer.provider.on('connection-close', (event) => {
        if (event) peerCloses += 1;
      });
      const cases = fc.sample(yjsFrames(MAX_NOTE_MESSAGE_BYTES), {
        numRuns: FRAMES,
        seed: SEED + 1,
      });
      for (const [index, generated] of cases.entries()) {
        const answer = await writer.answer(generated.frames);
        if (!generated.allowed.includes(answer as number | 'open'))
          findings.push({
            kind: generated.kind,
            answer,
            allowed: generated.allowed.join(', '),
          });
        if (index % 100 === 0) peer.doc.getText('markdown').insert(0, `Peer line ${index}\n`);
      }
      writer.close();
      peer.doc.getText('markdown').insert(0, 'Peer still typing\n');
      const expected = peer.text();
      await waitFor(
        async () =>
          (
            await request(t.http)
              .get(`/api/v1/cases/${caseId}/notes`)
              .set(bearer(live.people.chair.token))
          ).body.markdown === expected,
        10_000,
        'the committed note to equal what the peer has',
      );
      expect(peerCloses).toBe(0);
      await request(t.http).get('/health').expect(200);
      peer.close();
      // Once unloaded, the note is read back from what was persisted.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const reloaded = noteClient(port, document, live.people.radiologist.token);
      try {
        expect(await reloaded.firstSync).toBe(expected);
      } finally {
        reloaded.close();
      }
    } finally {
      writer.close();
      peer.close();
    }
    console.log(
      `yjs fuzz summary ${JSON.stringify({
        frames: FRAMES,
        serverErrors: findings.length,
        seed: SEED,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      })}`,
    );
    expect(findings).toEqual([]);
  }, 300_000);
});

/** One writer's raw connection to a note, opened again whenever the server closes it. */
class RawNote {
  private socket: WebSocket | null = null;
  /** The awareness client this connection's markers speak for, and its clock. */
  private readonly markerClient = randomInt(1, 2 ** 30);
  private markerClock = 0;

  constructor(
    private readonly port: number,
    private readonly path: string,
  ) {}

  /**
   * Sends the frames, then an awareness marker: the marker coming back means every frame before
   * it was handled and the connection is still open; otherwise the close code the server chose.
   */
  async answer(frames: Uint8Array[]): Promise<number | 'open' | 'silent' | 'refused'> {
    if (this.socket?.readyState !== WebSocket.OPEN) {
      this.close();
      const { socket } = await rawSocket(this.port, this.path);
      if (!socket) return 'refused';
      socket.on('error', () => undefined);
      this.socket = socket;
    }
    const socket = this.socket;
    const marker = `fuzz-marker-${randomUUID()}`;
    this.markerClock += 1;
    const answer = await new Promise<number | 'open' | 'silent'>((resolve) => {
      const finish = (value: number | 'open' | 'silent') => {
        clearTimeout(timer);
        socket.off('message', onMessage);
        socket.off('close', onClose);
        resolve(value);
      };
      const onMessage = (data: WebSocket.RawData) => {
        if (Buffer.isBuffer(data) && data.includes(marker)) finish('open');
      };
      const onClose = (code: number) => finish(code);
      const timer = setTimeout(() => finish('silent'), 5_000);
      socket.on('message', onMessage);
      socket.on('close', onClose);
      for (const frame of frames) socket.send(frame);
      socket.send(awarenessFrame(this.markerClient, this.markerClock, JSON.stringify({ marker })));
    });
    if (answer !== 'open') this.close();
    return answer;
  }

  close(): void {
    this.socket?.terminate();
    this.socket = null;
  }
}
