import { DomainEvent, DomainEventBus, EventTopic } from './domain-event';

type Counted = { type: 'counted'; n: number } | { type: 'reset' };
const COUNTS = new EventTopic<Counted>('counter');

/** A stand-in unit of work: deliveries wait for commit, and are dropped on rollback. */
const transaction = () => {
  const pending: Array<() => void> = [];
  return {
    afterCommit: (deliver: () => void) => void pending.push(deliver),
    commit: () => pending.splice(0).forEach((deliver) => deliver()),
    rollback: () => void pending.splice(0),
  };
};

describe('DomainEventBus topics', () => {
  it('delivers a topic’s events to its subscribers after commit, never on rollback, and to no one else', async () => {
    const tx = transaction();
    const sent: DomainEvent[] = [];
    const bus = new DomainEventBus({
      afterCommit: tx.afterCommit,
      relay: { send: (event) => sent.push(event), onReceive: () => undefined },
    });
    const seen: Counted[] = [];
    const domain = jest.fn();
    bus.subscribeTo(COUNTS, (event) => void seen.push(event));
    bus.subscribe(domain);
    bus.subscribeCommitted(domain);
    bus.subscribeTo(new EventTopic<Counted>('another'), domain);

    await bus.publishTo(COUNTS, { type: 'counted', n: 1 });
    expect(seen).toEqual([]);
    tx.commit();
    expect(seen).toEqual([{ type: 'counted', n: 1 }]);

    await bus.publishTo(COUNTS, { type: 'reset' });
    tx.rollback();
    tx.commit();
    expect(seen).toEqual([{ type: 'counted', n: 1 }]);
    expect(domain).not.toHaveBeenCalled();
    expect(sent).toEqual([]);
  });

  it('reports a failing topic subscriber by topic and type, and still tells the others', async () => {
    const failed: string[] = [];
    const bus = new DomainEventBus({ onError: (_error, event) => failed.push(event.action) });
    const after = jest.fn();
    bus.subscribeTo(COUNTS, () => {
      throw new Error('socket gone');
    });
    bus.subscribeTo(COUNTS, after);
    await expect(bus.publishTo(COUNTS, { type: 'reset' })).resolves.toBeUndefined();
    expect(after).toHaveBeenCalledWith({ type: 'reset' });
    expect(failed).toEqual(['counter.reset']);
  });

  it('unsubscribes', async () => {
    const bus = new DomainEventBus();
    const handler = jest.fn();
    const off = bus.subscribeTo(COUNTS, handler);
    off();
    await bus.publishTo(COUNTS, { type: 'counted', n: 2 });
    expect(handler).not.toHaveBeenCalled();
  });
});
