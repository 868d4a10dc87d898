import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { Observable, of } from 'rxjs';
import { DirectSocketAdapter } from './direct-socket-adapter';

type Socket = Parameters<DirectSocketAdapter['bindMessageHandlers']>[0];

/** A socket as far as the adapter uses it: events in, `emit` out. */
class FakeSocket extends EventEmitter {
  readonly emitted: Array<[string, unknown]> = [];

  send(event: string, ...args: unknown[]): void {
    super.emit(event, ...args);
  }

  override emit(event: string, data?: unknown): boolean {
    this.emitted.push([event, data]);
    return true;
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('DirectSocketAdapter', () => {
  const adapter = new DirectSocketAdapter();
  let socket: FakeSocket;
  const bind = (
    message: string,
    callback: MessageMappingProperties['callback'],
    isAckHandledManually = false,
  ) =>
    adapter.bindMessageHandlers(
      socket as unknown as Socket,
      [{ message, callback, isAckHandledManually, methodName: message }],
      () => {
        throw new Error('the adapter answers without Nest’s observable');
      },
    );

  beforeEach(() => {
    socket = new FakeSocket();
  });

  it('hands the handler the payload and acknowledges with what it resolves to', async () => {
    const seen: unknown[] = [];
    bind('vote:cast', async (data: unknown) => {
      seen.push(data);
      return { ok: true, echoed: data };
    });
    const ack = jest.fn();
    socket.send('vote:cast', { voteId: 'v' }, ack);
    await settle();
    expect(seen).toEqual([{ voteId: 'v' }]);
    expect(ack).toHaveBeenCalledWith({ ok: true, echoed: { voteId: 'v' } });
  });

  it('binds each handler to its own event only', async () => {
    const first = jest.fn(async () => ({ from: 'first' }));
    const second = jest.fn(async () => ({ from: 'second' }));
    bind('first', first);
    bind('second', second);
    const ack = jest.fn();
    socket.send('second', {}, ack);
    await settle();
    expect(first).not.toHaveBeenCalled();
    expect(ack).toHaveBeenCalledWith({ from: 'second' });
  });

  it('passes an acknowledgement sent without a payload as the acknowledgement, not the data', async () => {
    const received: unknown[][] = [];
    bind('ping', async (...args: unknown[]) => {
      received.push(args);
      return { pong: true };
    });
    const ack = jest.fn();
    socket.send('ping', ack);
    await settle();
    expect(received[0][0]).toBeUndefined();
    expect(ack).toHaveBeenCalledWith({ pong: true });
  });

  it('answers nothing for null or undefined, and acknowledges nothing when the handler does it itself', async () => {
    bind('nothing', async () => undefined);
    bind('null', async () => null);
    bind('manual', async () => ({ ok: true }), true);
    const acks = [jest.fn(), jest.fn(), jest.fn()];
    socket.send('nothing', {}, acks[0]);
    socket.send('null', {}, acks[1]);
    socket.send('manual', {}, acks[2]);
    await settle();
    for (const ack of acks) expect(ack).not.toHaveBeenCalled();
    expect(socket.emitted).toEqual([]);
  });

  it('emits `{ event, data }` back to the socket instead of acknowledging it', async () => {
    bind('ask', async () => ({ event: 'told', data: { n: 1 } }));
    const ack = jest.fn();
    socket.send('ask', {}, ack);
    await settle();
    expect(socket.emitted).toEqual([['told', { n: 1 }]]);
    expect(ack).not.toHaveBeenCalled();
  });

  it('answers each value of an observable in turn', async () => {
    bind('stream', () => Promise.resolve(of({ event: 'one', data: 1 }, { event: 'two', data: 2 })));
    socket.send('stream', {});
    await settle();
    expect(socket.emitted).toEqual([
      ['one', 1],
      ['two', 2],
    ]);
  });

  it('logs a handler that fails past the exception filters, and keeps serving the socket', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    let calls = 0;
    bind('flaky', async () => {
      calls += 1;
      if (calls === 1) throw new Error('escaped the filters');
      return { ok: true };
    });
    bind(
      'broken-stream',
      async () =>
        new Observable((subscriber) => {
          subscriber.error(new Error('stream failed'));
        }),
    );
    const acks = [jest.fn(), jest.fn()];
    socket.send('flaky', {}, acks[0]);
    socket.send('broken-stream', {});
    socket.send('flaky', {}, acks[1]);
    await settle();
    expect(acks[0]).not.toHaveBeenCalled();
    expect(acks[1]).toHaveBeenCalledWith({ ok: true });
    expect(logged.mock.calls.map(([fields]) => (fields as { event: string }).event).sort()).toEqual(
      ['broken-stream', 'flaky'],
    );
    logged.mockRestore();
  });
});
