// The socket.io floor (forked by bench/floor.mjs): a bare socket.io server on the /meetings
// namespace with the product's transport options and nothing else — no Nest, no validation,
// no database, no audit. It answers `meeting:join` with a room state of the product's shape
// holding everyone who joined so far, and `vote:cast` with a receipt, each at once. Whatever
// the benchmark measures against it is the least any server on this transport can take here.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const SPECIALTIES = ['medical_oncology', 'radiation_oncology', 'surgery', 'pathology', 'radiology'];
const meetingId = randomUUID();
const presence = [];
const state = () => ({
  meetingId,
  status: 'live',
  focusedItemId: null,
  agenda: [],
  timers: [],
  queue: { raised: [], floor: null },
  presence,
  quorum: {
    quorate: true,
    missingSpecialties: [],
    votingMembersPresent: presence.length,
    minVotingMembers: 3,
    reasons: [],
  },
  version: 1,
  seq: presence.length,
});

const http = createServer();
const io = new Server(http, { transports: ['websocket'], maxHttpBufferSize: 64 * 1024 });
let ballots = 0;
io.of('/meetings').on('connection', (socket) => {
  socket.on('meeting:join', (_body, ack) => {
    presence.push({
      userId: randomUUID(),
      displayName: `Dr Panelist ${presence.length}`,
      role: 'member',
      specialty: SPECIALTIES[presence.length % SPECIALTIES.length],
      votingRight: true,
    });
    ack({ ok: true, state: state() });
  });
  socket.on('vote:cast', (body, ack) => {
    ballots += 1;
    ack({
      ok: true,
      receipt: {
        voteId: body.voteId,
        ballotsReceived: ballots,
        eligibleCount: 201,
        duplicate: false,
        closed: false,
      },
    });
  });
});
http.listen(0, '127.0.0.1', () => process.send({ port: http.address().port }));
process.on('disconnect', () => process.exit(0));
