import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import {
  Ack,
  MeetingStateDelta,
  MeetingStateView,
  Specialty,
  applyRoomDelta,
} from '@app/contracts';
import { Person, completeCase, person } from './clinical';
import { TestApp, bearer } from './test-app';

/** Untyped on purpose: tests also send what a well-behaved client never would. */
export type LiveClient = Socket;

export type LiveEvent =
  | 'meeting:join'
  | 'meeting:leave'
  | 'meeting:command'
  | 'imaging:share'
  | 'imaging:stop'
  | 'imaging:follow';

export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
}

export function connectLive(
  url: string,
  token: string,
  options: { reconnection?: boolean } = {},
): Promise<LiveClient> {
  return new Promise((resolve, reject) => {
    const socket: LiveClient = io(`${url}/meetings`, {
      transports: ['websocket'],
      auth: { token },
      reconnection: options.reconnection ?? false,
      reconnectionDelay: 300,
      reconnectionDelayMax: 300,
      forceNew: true,
    });
    follow(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Sends an event and waits for its acknowledgement; a room's state in it is followed on. */
export async function emitLive(socket: LiveClient, event: LiveEvent, payload: unknown) {
  const ack = (await socket.timeout(5_000).emitWithAck(event, payload)) as Ack<{
    state: MeetingStateView;
  }>;
  if (ack.ok && ack.state && (event === 'meeting:join' || event === 'meeting:command'))
    rooms.get(socket)?.take(ack.state, event === 'meeting:join');
  return ack;
}

/**
 * The room as one socket sees it, as a client builds it: the state its join (or a command, or
 * a `meeting:state`) was answered with, then every `meeting:delta` applied in order. Deltas that
 * arrive before the state they apply to wait for it; one that can never apply is a failure.
 */
class RoomFollower {
  state: MeetingStateView | null = null;
  private waiting: MeetingStateDelta[] = [];
  readonly listeners = new Set<(state: MeetingStateView) => void>();
  readonly errors: string[] = [];

  take(state: MeetingStateView, replace: boolean): void {
    if (
      !replace &&
      this.state &&
      this.state.meetingId === state.meetingId &&
      state.seq <= this.state.seq
    )
      return;
    this.set(state);
    this.drain();
  }

  apply(delta: MeetingStateDelta): void {
    this.waiting.push(delta);
    this.drain();
  }

  private drain(): void {
    for (;;) {
      const current = this.state;
      if (!current) return;
      this.waiting = this.waiting.filter(
        (delta) => delta.meetingId !== current.meetingId || delta.base >= current.seq,
      );
      const next = this.waiting.find((delta) => delta.base === current.seq);
      if (!next) {
        if (this.waiting.length > 20)
          this.errors.push(`deltas from ${this.waiting[0].base} never applied to ${current.seq}`);
        return;
      }
      this.waiting.splice(this.waiting.indexOf(next), 1);
      const applied = applyRoomDelta(current, next);
      if (applied) this.set(applied);
    }
  }

  private set(state: MeetingStateView): void {
    this.state = state;
    for (const listener of [...this.listeners]) listener(state);
  }
}

const rooms = new WeakMap<LiveClient, RoomFollower>();

function follow(socket: LiveClient): void {
  const follower = new RoomFollower();
  rooms.set(socket, follower);
  socket.on('meeting:state', (state: MeetingStateView) => follower.take(state, true));
  socket.on('meeting:delta', (delta: MeetingStateDelta) => follower.apply(delta));
}

function followerOf(socket: LiveClient): RoomFollower {
  const follower = rooms.get(socket);
  if (!follower) throw new Error('a socket connected with connectLive follows the room');
  return follower;
}

/** Every state the socket's room goes through from now on; returns the unsubscribe function. */
export function onState(
  socket: LiveClient,
  listener: (state: MeetingStateView) => void,
): () => void {
  const follower = followerOf(socket);
  follower.listeners.add(listener);
  return () => {
    follower.listeners.delete(listener);
  };
}

/** The room as the socket sees it now. */
export function currentState(socket: LiveClient): MeetingStateView | null {
  return followerOf(socket).state;
}

/** The next state of the socket's room that satisfies `accept`. */
export function stateWhere(
  socket: LiveClient,
  accept: (state: MeetingStateView) => boolean,
  timeoutMs = 5_000,
): Promise<MeetingStateView> {
  const follower = followerOf(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      const broken = follower.errors.length > 0 ? ` (${follower.errors.join('; ')})` : '';
      reject(new Error(`no matching state of the room${broken}`));
    }, timeoutMs);
    const stop = onState(socket, (state) => {
      if (!accept(state)) return;
      clearTimeout(timer);
      stop();
      resolve(state);
    });
  });
}

export interface LiveBoard {
  boardId: string;
  meetingId: string;
  itemIds: string[];
  people: Record<string, Person>;
}

/**
 * A board whose quorum needs pathology and radiology and two voting members,
 * with a coordinator, a chair (medical oncology), a pathologist, a
 * radiologist, a surgeon, an observer and an outsider; one meeting in two
 * days with two cases on its agenda.
 */
export async function liveBoard(t: TestApp, name = 'Live Board'): Promise<LiveBoard> {
  const people: Record<string, Person> = {};
  people.coordinator = await person(t, Specialty.OncologyNursing);
  const board = await request(t.http)
    .post('/api/v1/boards')
    .set(bearer(people.coordinator.token))
    .send({
      name,
      tumourSites: ['lung'],
      institution: 'General Hospital',
      timezone: 'UTC',
      quorumPolicy: { requiredSpecialties: ['pathology', 'radiology'], minVotingMembers: 2 },
    })
    .expect(201);
  const members: Array<[string, Specialty, string]> = [
    ['chair', Specialty.MedicalOncology, 'chair'],
    ['pathologist', Specialty.Pathology, 'panelist'],
    ['radiologist', Specialty.Radiology, 'panelist'],
    ['surgeon', Specialty.SurgicalOncology, 'panelist'],
    ['observer', Specialty.Radiology, 'observer'],
  ];
  for (const [who, specialty, role] of members) {
    people[who] = await person(t, specialty);
    await request(t.http)
      .post(`/api/v1/boards/${board.body.id}/members`)
      .set(bearer(people.coordinator.token))
      .send({ userId: people[who].user.id, role })
      .expect(201);
  }
  people.outsider = await person(t, Specialty.Pathology);
  const series = await request(t.http)
    .post(`/api/v1/boards/${board.body.id}/meetings`)
    .set(bearer(people.coordinator.token))
    .send({
      title: 'Live',
      startLocal: `${new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)}T08:00`,
      durationMinutes: 60,
    })
    .expect(201);
  const meetingId: string = series.body.meetings[0].id;
  let itemIds: string[] = [];
  for (const ref of ['LV-1', 'LV-2']) {
    const created = await request(t.http)
      .post(`/api/v1/boards/${board.body.id}/cases`)
      .set(bearer(people.chair.token))
      .send(completeCase(ref))
      .expect(201);
    const agenda = await request(t.http)
      .post(`/api/v1/meetings/${meetingId}/agenda`)
      .set(bearer(people.coordinator.token))
      .send({
        caseId: created.body.id,
        minutesAllotted: 10,
        presenterId: people.chair.user.id,
        overrideReason: 'live room test',
      })
      .expect(201);
    itemIds = agenda.body.items.map((item: { id: string }) => item.id);
  }
  return { boardId: board.body.id, meetingId, itemIds, people };
}
