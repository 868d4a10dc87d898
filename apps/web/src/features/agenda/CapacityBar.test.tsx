import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { capacity } from './capacity';
import { CapacityBar } from './CapacityBar';

afterEach(cleanup);

describe('capacity', () => {
  it.each<[string, number, number, string, string, number]>([
    ['empty', 0, 60, 'under', '0 of 60 min allotted, 60 min left', 0],
    ['under', 35, 60, 'under', '35 of 60 min allotted, 25 min left', 58],
    ['just under the warning', 50, 60, 'under', '50 of 60 min allotted, 10 min left', 83],
    ['near', 51, 60, 'near', 'Nearly full: 9 min left of 60 (51 allotted)', 85],
    ['near, one minute left', 59, 60, 'near', 'Nearly full: 1 min left of 60 (59 allotted)', 98],
    ['full', 60, 60, 'full', 'Full: all 60 min allotted', 100],
    ['over', 72, 60, 'over', '12 min over: 72 min allotted in a 60-min meeting', 100],
    ['one minute over', 91, 90, 'over', '1 min over: 91 min allotted in a 90-min meeting', 100],
  ])('%s: %i of %i', (_name, used, total, tone, words, percent) => {
    const state = capacity(used, total);
    expect(state.tone).toBe(tone);
    expect(state.words).toBe(words);
    expect(state.percent).toBe(percent);
  });
});

describe('CapacityBar', () => {
  it('says how much time is left when under', () => {
    render(<CapacityBar usedMinutes={35} meetingMinutes={60} />);
    const meter = screen.getByRole('meter', { name: 'Meeting time' });
    expect(meter.getAttribute('aria-valuetext')).toBe('35 of 60 min allotted, 25 min left');
    expect(screen.getByText('35 of 60 min allotted, 25 min left')).toBeTruthy();
    expect(screen.queryByText(/past the end/)).toBeNull();
  });

  it('warns when nearly full', () => {
    const { container } = render(<CapacityBar usedMinutes={55} meetingMinutes={60} />);
    expect(screen.getByText('Nearly full: 5 min left of 60 (55 allotted)')).toBeTruthy();
    expect(container.querySelector('.meter-fill')?.className).toBe('meter-fill near');
  });

  it('says "12 min over" in words when over, with a full red bar', () => {
    const { container } = render(<CapacityBar usedMinutes={72} meetingMinutes={60} />);
    const meter = screen.getByRole('meter', { name: 'Meeting time' });
    expect(meter.getAttribute('aria-valuetext')).toMatch(/^12 min over/);
    expect(screen.getByText(/runs 12 minutes past the end of the meeting/)).toBeTruthy();
    const fill = container.querySelector<HTMLElement>('.meter-fill');
    expect(fill?.className).toBe('meter-fill over');
    expect(fill?.style.width).toBe('100%');
  });
});
