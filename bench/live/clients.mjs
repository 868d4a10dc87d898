// A share of the live benchmark's sockets, in a process of its own (forked by bench/live.mjs):
// the sockets' decoding then runs beside the benchmark's own process instead of inside it, so
// what is measured is the server's delivery rather than one client process working through
// every socket's copy of each broadcast. Times are on the shared wall clock
// (performance.timeOrigin + performance.now()), comparable across the processes of this machine.
//
// Messages from the parent, each answered once done:
//   { type: 'join', http, meetingId, tokens, concurrency } → { type: 'joined', joinMs: [...] }
//   { type: 'expect', round, focusedItemId }               → { type: 'received', round, at: [...] }
//   { type: 'close' }                                       → disconnects and exits
import { connect, joinMeeting } from '../board.mjs';
import { mapLimit, now } from '../notes/util.mjs';

const sockets = [];

/** When each socket receives the `meeting:delta` (or whole state) that shows `focusedItemId`. */
function arrivals(focusedItemId) {
  return Promise.all(
    sockets.map(
      (socket) =>
        new Promise((resolve) => {
          const listener = (change) => {
            if (change.focusedItemId !== focusedItemId) return;
            socket.off('meeting:delta', listener);
            socket.off('meeting:state', listener);
            resolve(now());
          };
          socket.on('meeting:delta', listener);
          socket.on('meeting:state', listener);
        }),
    ),
  );
}

process.on('message', async (message) => {
  if (message.type === 'join') {
    const joinMs = [];
    await mapLimit(message.tokens, message.concurrency, async (token) => {
      const socket = await connect({ http: message.http }, token);
      sockets.push(socket);
      joinMs.push((await joinMeeting(socket, message.meetingId)).ms);
    });
    process.send({ type: 'joined', joinMs });
  } else if (message.type === 'expect') {
    const waiting = arrivals(message.focusedItemId);
    process.send({ type: 'listening', round: message.round });
    process.send({ type: 'received', round: message.round, at: await waiting });
  } else if (message.type === 'close') {
    for (const socket of sockets) socket.disconnect();
    process.exit(0);
  }
});
