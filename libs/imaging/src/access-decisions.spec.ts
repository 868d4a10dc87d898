import { NotFound } from '@app/core';
import { AccessDecisions } from './access-decisions';

const policy = { grantTtlMs: 1_000, refusalTtlMs: 100, maxEntries: 2 };

describe('AccessDecisions', () => {
  let now = 0;
  const decisions = () => new AccessDecisions<string>(() => now, policy);
  beforeEach(() => {
    now = 0;
  });

  it('makes one decision for requests that ask together, and keeps a grant for its time', async () => {
    const cache = decisions();
    const make = jest.fn(() => Promise.resolve('pacs'));
    await Promise.all(Array.from({ length: 64 }, () => cache.decide('k', make)));
    expect(make).toHaveBeenCalledTimes(1);
    now = 999;
    await cache.decide('k', make);
    expect(make).toHaveBeenCalledTimes(1);
    now = 1_000;
    await cache.decide('k', make);
    expect(make).toHaveBeenCalledTimes(2);
  });

  it('keeps a refusal briefly and a failure not at all', async () => {
    const cache = decisions();
    const refuse = jest.fn(() => Promise.reject(new NotFound('case', 'x')));
    await expect(cache.decide('r', refuse)).rejects.toThrow('case x not found');
    await expect(cache.decide('r', refuse)).rejects.toThrow('case x not found');
    expect(refuse).toHaveBeenCalledTimes(1);
    now = 100;
    await expect(cache.decide('r', refuse)).rejects.toThrow();
    expect(refuse).toHaveBeenCalledTimes(2);

    const fail = jest.fn(() => Promise.reject(new Error('database gone')));
    await expect(cache.decide('f', fail)).rejects.toThrow('database gone');
    await expect(cache.decide('f', fail)).rejects.toThrow('database gone');
    expect(fail).toHaveBeenCalledTimes(2);
  });

  it('forgets the oldest decisions past its size', async () => {
    const cache = decisions();
    const make = jest.fn(() => Promise.resolve('pacs'));
    await cache.decide('a', make);
    await cache.decide('b', make);
    await cache.decide('c', make);
    expect(cache.size).toBe(2);
    await cache.decide('a', make);
    expect(make).toHaveBeenCalledTimes(4);
  });
});
