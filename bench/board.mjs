// Demo-board helpers shared by the live-room and voting benchmarks: logins,
// extra panelist accounts on a demo board, and a demo meeting with an agenda.
import { io } from 'socket.io-client';
import { api } from './notes/servers.mjs';
import { mapLimit, now, progress } from './notes/util.mjs';

export const DEMO_PASSWORD = 'Demo-Board-2026!';
const PASSWORD = 'Tumour-Consensus-Quorum-2026!';
const SPECIALTIES = ['medical_oncology', 'pathology', 'radiology', 'surgical_oncology'];

export const login = async (server, email, password = DEMO_PASSWORD) =>
  (await api(server, 'POST', '/api/v1/auth/login', null, { email, password })).accessToken;

/** A demo board and its first meeting with at least two cases on the agenda. */
export async function demoMeeting(server, coordinator) {
  for (const board of await api(server, 'GET', '/api/v1/boards', coordinator)) {
    for (const meeting of await api(
      server,
      'GET',
      `/api/v1/boards/${board.id}/meetings`,
      coordinator,
    )) {
      const agenda = await api(server, 'GET', `/api/v1/meetings/${meeting.id}/agenda`, coordinator);
      if (agenda.items.length >= 2)
        return { board, meetingId: meeting.id, items: agenda.items.map((item) => item.id) };
    }
  }
  throw new Error('no demo meeting with two agenda items');
}

/** Invites, activates and adds `count` voting panelists to the board; returns their access tokens. */
export async function panelists(server, boardId, admin, coordinator, count) {
  return mapLimit(
    Array.from({ length: count }, (_, i) => i),
    4,
    async (i) => {
      const invitation = await api(server, 'POST', '/api/v1/users', admin, {
        email: `panelist${i}@bench.example`,
        displayName: `Panelist ${i}`,
        specialty: SPECIALTIES[i % SPECIALTIES.length],
        institution: 'St Elsewhere University Hospital',
      });
      await api(server, 'POST', '/api/v1/auth/accept-invitation', null, {
        invitationToken: invitation.invitationToken,
        password: PASSWORD,
      });
      await api(server, 'POST', `/api/v1/boards/${boardId}/members`, coordinator, {
        userId: invitation.user.id,
        role: 'panelist',
      });
      if ((i + 1) % 100 === 0) progress(`${i + 1} panelists created`);
      return login(server, `panelist${i}@bench.example`, PASSWORD);
    },
  );
}

export function connect(server, token) {
  return new Promise((resolve, reject) => {
    const socket = io(`${server.http}/meetings`, {
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
      forceNew: true,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Joins the meeting; resolves with the time from `meeting:join` to its acknowledgement. */
export async function joinMeeting(socket, meetingId) {
  const started = now();
  const ack = await socket.timeout(30_000).emitWithAck('meeting:join', { meetingId });
  if (!ack.ok) throw new Error(`join refused: ${ack.error.message}`);
  return { ms: now() - started, state: ack.state };
}
