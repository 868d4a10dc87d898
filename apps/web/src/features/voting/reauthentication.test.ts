import { describe, expect, it } from 'vitest';
import { stepUpNext, stepUpReturn, withoutStepUp } from './reauthentication';

const ID = '00000000-0000-4000-8000-0000000000f9';

describe('stepUpReturn', () => {
  it('goes on signing when the confirmation was granted for this recommendation', () => {
    expect(stepUpReturn(`?signing=${ID}&stepUp=granted`, ID)).toEqual({ kind: 'granted' });
  });

  it.each([
    ['different_person', /confirmed someone else/],
    ['authentication_not_recent', /did not ask for your credentials just now/],
    ['cancelled', /cancelled/],
    ['state_replayed', /did not complete/],
    ['something_new', /did not complete/],
  ])('says why a confirmation refused as %s gave no proof', (reason, words) => {
    const outcome = stepUpReturn(`?signing=${ID}&stepUp=${reason}`, ID);
    expect(outcome).toEqual({ kind: 'refused', problem: expect.stringMatching(words) });
  });

  it.each([
    ['no outcome', `?signing=${ID}`],
    ['another recommendation', '?signing=00000000-0000-4000-8000-000000000001&stepUp=granted'],
    ['no recommendation', '?stepUp=granted'],
  ])('ignores a page with %s', (_, search) => {
    expect(stepUpReturn(search, ID)).toBeNull();
  });
});

describe('stepUpNext and withoutStepUp', () => {
  it('comes back to this page naming the recommendation, without an earlier outcome', () => {
    expect(stepUpNext('/meetings/m1/room', '?case=c1&stepUp=cancelled', ID)).toBe(
      `/meetings/m1/room?case=c1&signing=${ID}`,
    );
  });

  it('leaves the rest of the query once the outcome is read', () => {
    expect(withoutStepUp(`?case=c1&signing=${ID}&stepUp=granted`)).toBe('?case=c1');
    expect(withoutStepUp(`?signing=${ID}&stepUp=granted`)).toBe('');
  });
});
