import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import { Ack, MeetingStateView, Specialty } from '@app/contracts';
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
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export function emitLive(socket: LiveClient, event: LiveEvent, payload: unknown) {
  return socket.timeout(5_000).emitWithAck(event, payload) as Promise<
    Ack<{ state: MeetingStateView }>
  >;
}

/** The next `meeting:state` the socket receives that satisfies `accept`. */
export function stateWhere(
  socket: LiveClient,
  accept: (state: MeetingStateView) => boolean,
  timeoutMs = 5_000,
): Promise<MeetingStateView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('meeting:state', listener);
      reject(new Error('no matching meeting:state'));
    }, timeoutMs);
    const listener = (state: MeetingStateView) => {
      if (!accept(state)) return;
      clearTimeout(timer);
      socket.off('meeting:state', listener);
      resolve(state);
    };
    socket.on('meeting:state', listener);
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
