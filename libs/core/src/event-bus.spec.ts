import { EventBus } from './event-bus';

type Ev = { type: 'x'; n: number };

describe('EventBus', () => {
  it('awaits every handler in registration order', async () => {
    const bus = new EventBus<Ev>();
    const seen: string[] = [];
    bus.subscribe(async (e) => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push(`a${e.n}`);
    });
    bus.subscribe((e) => void seen.push(`b${e.n}`));
    await bus.publish({ type: 'x', n: 1 });
    expect(seen).toEqual(['a1', 'b1']);
  });

  it('propagates a handler failure to the publisher and stops there', async () => {
    const bus = new EventBus<Ev>();
    const after = jest.fn();
    bus.subscribe(() => {
      throw new Error('store down');
    });
    bus.subscribe(after);
    await expect(bus.publish({ type: 'x', n: 1 })).rejects.toThrow('store down');
    expect(after).not.toHaveBeenCalled();
  });

  it('unsubscribes', async () => {
    const bus = new EventBus<Ev>();
    const handler = jest.fn();
    const off = bus.subscribe(handler);
    off();
    off();
    await bus.publish({ type: 'x', n: 2 });
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('EventBus committed subscribers', () => {
  /** A stand-in unit of work: deliveries wait for commit, and are dropped on rollback. */
  const transaction = () => {
    const pending: Array<() => void> = [];
    return {
      afterCommit: (deliver: () => void) => void pending.push(deliver),
      commit: () => pending.splice(0).forEach((deliver) => deliver()),
      rollback: () => void pending.splice(0),
    };
  };

  it('delivers after commit, after the in-transaction handlers, and never on rollback', async () => {
    const tx = transaction();
    const bus = new EventBus<Ev>({ afterCommit: tx.afterCommit });
    const seen: string[] = [];
    bus.subscribeCommitted((e) => void seen.push(`committed${e.n}`));
    bus.subscribe((e) => void seen.push(`inside${e.n}`));
    await bus.publish({ type: 'x', n: 1 });
    expect(seen).toEqual(['inside1']);
    tx.commit();
    expect(seen).toEqual(['inside1', 'committed1']);

    await bus.publish({ type: 'x', n: 2 });
    tx.rollback();
    tx.commit();
    expect(seen).toEqual(['inside1', 'committed1', 'inside2']);
  });

  it('delivers at once without a unit of work', async () => {
    const bus = new EventBus<Ev>();
    const handler = jest.fn();
    bus.subscribeCommitted(handler);
    await bus.publish({ type: 'x', n: 3 });
    expect(handler).toHaveBeenCalledWith({ type: 'x', n: 3 });
  });

  it('reports a failing committed subscriber without failing the publisher or the others', async () => {
    const errors: unknown[] = [];
    const bus = new EventBus<Ev>({ onError: (error) => errors.push(error) });
    const after = jest.fn();
    bus.subscribeCommitted(() => {
      throw new Error('socket gone');
    });
    bus.subscribeCommitted(async () => {
      throw new Error('async failure');
    });
    bus.subscribeCommitted(after);
    await expect(bus.publish({ type: 'x', n: 4 })).resolves.toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(after).toHaveBeenCalled();
    expect(errors.map((error) => (error as Error).message)).toEqual([
      'socket gone',
      'async failure',
    ]);
  });

  it('relays what it is told to, after commit, and delivers what other instances relay to committed subscribers only', async () => {
    const sent: Ev[] = [];
    let receive: (event: Ev) => void = () => undefined;
    const tx = transaction();
    const bus = new EventBus<Ev>({
      afterCommit: tx.afterCommit,
      relay: { send: (event) => sent.push(event), onReceive: (deliver) => (receive = deliver) },
      relays: (event) => event.n % 2 === 0,
    });
    const inside = jest.fn();
    const committed = jest.fn();
    bus.subscribe(inside);
    bus.subscribeCommitted(committed);

    await bus.publish({ type: 'x', n: 1 });
    await bus.publish({ type: 'x', n: 2 });
    expect(sent).toEqual([]);
    tx.commit();
    expect(sent).toEqual([{ type: 'x', n: 2 }]);

    receive({ type: 'x', n: 6 });
    expect(committed).toHaveBeenLastCalledWith({ type: 'x', n: 6 });
    expect(inside).toHaveBeenCalledTimes(2);
  });
});
