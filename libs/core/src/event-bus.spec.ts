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
