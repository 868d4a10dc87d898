import { describe, expect, it } from 'vitest';
import { levelFromSamples } from './micLevel';
import { initials } from './words';

describe('levelFromSamples', () => {
  it.each<[string, number[], number]>([
    ['no samples', [], 0],
    ['silence', new Array(256).fill(128), 0],
    ['full scale', Array.from({ length: 256 }, (_, index) => (index % 2 ? 0 : 255)), 1],
    ['quiet speech', Array.from({ length: 256 }, (_, index) => (index % 2 ? 124 : 132)), 0.125],
  ])('%s', (_name, samples, level) => {
    expect(levelFromSamples(Uint8Array.from(samples))).toBeCloseTo(level, 3);
  });
});

describe('initials', () => {
  it.each<[string, string]>([
    ['Dana Coordinator', 'DC'],
    ['Sam  Lee  Presenter', 'SP'],
    ['cher', 'C'],
    ['  ', ''],
    ['Émile Zola', 'ÉZ'],
  ])('%s → %s', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});
