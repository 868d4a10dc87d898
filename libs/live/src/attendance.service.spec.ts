import { AttendanceService } from './attendance.service';

/** An attendance service over stays the test holds back, one write at a time. */
function harness() {
  const writes: Array<{ kind: 'open' | 'close'; userIds: string[]; finish: () => void }> = [];
  const write = (kind: 'open' | 'close', userIds: string[]) =>
    new Promise<void>((resolve) => writes.push({ kind, userIds, finish: resolve }));
  const stays = {
    openMeeting: async (_meetingId: string, userIds: string[]) => {
      await write('open', userIds);
      return userIds;
    },
    closeUser: async (_meetingId: string, userId: string) => {
      await write('close', [userId]);
      return 1;
    },
  };
  const service = new AttendanceService(
    { run: (work: () => Promise<unknown>) => work() } as never,
    { publish: async () => undefined } as never,
    {} as never,
    stays as never,
    { find: async () => null } as never,
    {} as never,
    {} as never,
    { now: () => new Date('2026-12-07T08:00:00Z') } as never,
  );
  /** The next write, once it has started. */
  const next = async () => {
    for (let turn = 0; writes.length === 0; turn += 1) {
      if (turn > 1_000) throw new Error('nothing was written');
      await new Promise((resolve) => setImmediate(resolve));
    }
    return writes.shift()!;
  };
  return { service, next, writes };
}

describe('AttendanceService arrivals', () => {
  it('writes the arrivals made while one is being written together, in one write', async () => {
    const { service, next, writes } = harness();
    const first = service.arrive('m', 'a');
    const writing = await next();
    expect(writing.userIds).toEqual(['a']);
    const later = ['b', 'c', 'd', 'b'].map((user) => service.arrive('m', user));
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([]);
    writing.finish();
    await first;
    const together = await next();
    expect(together.userIds).toEqual(['b', 'c', 'd']);
    together.finish();
    await Promise.all(later);
  });

  it('writes each meeting on its own', async () => {
    const { service, next } = harness();
    const arrivals = [service.arrive('m1', 'a'), service.arrive('m2', 'b')];
    const one = await next();
    const two = await next();
    expect([one.userIds, two.userIds]).toEqual([['a'], ['b']]);
    one.finish();
    two.finish();
    await Promise.all(arrivals);
  });

  it('never lets a departure overtake the arrival on its way', async () => {
    const { service, next } = harness();
    const arrived = service.arrive('m', 'a');
    const opening = await next();
    const left = service.close('m', 'a', null);
    await new Promise((resolve) => setImmediate(resolve));
    opening.finish();
    await arrived;
    const closing = await next();
    expect(closing.kind).toBe('close');
    closing.finish();
    await left;
  });

  it('fails the arrivals of a write that fails, and the next ones are written', async () => {
    const { service, next } = harness();
    const stays = (service as unknown as { stays: { openMeeting: unknown } }).stays;
    const openMeeting = stays.openMeeting;
    stays.openMeeting = async () => {
      throw new Error('database down');
    };
    await expect(service.arrive('m', 'a')).rejects.toThrow('database down');
    stays.openMeeting = openMeeting;
    const again = service.arrive('m', 'a');
    (await next()).finish();
    await again;
  });
});
