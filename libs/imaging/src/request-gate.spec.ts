import { TooManyImagingRequests } from './domain';
import { RequestGate } from './request-gate';

const limits = { total: 3, perUser: 2, maxWaitingPerUser: 2, maxWaitMs: 200 };
const open = () => new AbortController().signal;

describe('RequestGate', () => {
  it('lets a user relay perUser requests at once, and the next when one ends', async () => {
    const gate = new RequestGate(limits);
    const first = await gate.acquire('ann', open());
    await gate.acquire('ann', open());
    let third = false;
    const waiting = gate.acquire('ann', open()).then((release) => {
      third = true;
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBe(false);
    expect(gate.inFlight('ann')).toBe(2);
    first();
    first();
    await waiting;
    expect(third).toBe(true);
    expect(gate.inFlight('ann')).toBe(2);
  });

  it('bounds everyone together, admitting other users in arrival order', async () => {
    const gate = new RequestGate(limits);
    const releases = [
      await gate.acquire('ann', open()),
      await gate.acquire('ann', open()),
      await gate.acquire('bob', open()),
    ];
    const order: string[] = [];
    const bob = gate.acquire('bob', open()).then(() => order.push('bob'));
    const cid = gate.acquire('cid', open()).then(() => order.push('cid'));
    expect(gate.inFlight()).toBe(3);
    releases[0]();
    await bob;
    releases[1]();
    await cid;
    expect(order).toEqual(['bob', 'cid']);
  });

  it('refuses a user with too many requests waiting, and one that waits too long', async () => {
    const gate = new RequestGate(limits);
    await gate.acquire('ann', open());
    await gate.acquire('ann', open());
    const late = [gate.acquire('ann', open()), gate.acquire('ann', open())];
    await expect(gate.acquire('ann', open())).rejects.toBeInstanceOf(TooManyImagingRequests);
    await expect(late[0]).rejects.toThrow('waited too long');
    await expect(late[1]).rejects.toThrow('waited too long');
  });

  it('drops a waiting request whose client went away', async () => {
    const gate = new RequestGate(limits);
    const release = await gate.acquire('ann', open());
    await gate.acquire('ann', open());
    const client = new AbortController();
    const waiting = gate.acquire('ann', client.signal);
    client.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    release();
    expect(gate.inFlight('ann')).toBe(1);
    await expect(gate.acquire('ann', client.signal)).rejects.toThrow('gone');
  });
});
