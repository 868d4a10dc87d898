import { describe, expect, it } from 'vitest';
import { moveBy, moveTo } from './order';

const ids = ['a', 'b', 'c', 'd'];

describe('moveBy', () => {
  it.each<[string, string, number, string[]]>([
    ['up', 'c', -1, ['a', 'c', 'b', 'd']],
    ['down', 'b', 1, ['a', 'c', 'b', 'd']],
    ['first up stays', 'a', -1, ids],
    ['last down stays', 'd', 1, ids],
    ['unknown stays', 'x', 1, ids],
  ])('%s', (_name, id, delta, expected) => {
    expect(moveBy(ids, id, delta)).toEqual(expected);
  });
});

describe('moveTo (drag and drop)', () => {
  it.each<[string, string[], string, 'before' | 'after', string[]]>([
    ['to the top', ['d'], 'a', 'before', ['d', 'a', 'b', 'c']],
    ['to the end', ['a'], 'd', 'after', ['b', 'c', 'd', 'a']],
    ['between', ['a'], 'c', 'before', ['b', 'a', 'c', 'd']],
    ['several, keeping their order', ['d', 'a'], 'b', 'after', ['b', 'a', 'd', 'c']],
    ['onto itself', ['b'], 'b', 'after', ids],
  ])('%s', (_name, moving, target, position, expected) => {
    expect(moveTo(ids, new Set(moving), target, position)).toEqual(expected);
  });
});
