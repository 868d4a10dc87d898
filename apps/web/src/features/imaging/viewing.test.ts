import { describe, expect, it } from 'vitest';
import {
  clampSlice,
  dragWindow,
  presetOf,
  sliceForKey,
  sliceLabel,
  voiToWindow,
  WINDOW_PRESETS,
  windowLabel,
  windowToVoi,
} from './viewing';

describe('window presets', () => {
  it('are the standard CT windows', () => {
    const byId = Object.fromEntries(WINDOW_PRESETS.map((p) => [p.id, [p.width, p.center]]));
    expect(byId).toEqual({
      lung: [1500, -600],
      mediastinum: [350, 50],
      bone: [1800, 400],
      brain: [80, 40],
      abdomen: [400, 40],
    });
  });

  it('are recognised from a window, and nothing else is', () => {
    expect(presetOf({ center: -600, width: 1500 })).toBe('lung');
    expect(presetOf(voiToWindow(windowToVoi({ center: 40, width: 80 })))).toBe('brain');
    expect(presetOf({ center: 41, width: 400 })).toBeNull();
    expect(presetOf(null)).toBeNull();
  });
});

describe('window ⇄ VOI range', () => {
  it('converts both ways', () => {
    // DICOM's linear function: W 400 / L 40 is −160 … 239, as Cornerstone reports it.
    expect(windowToVoi({ center: 40, width: 400 })).toEqual({ lower: -160, upper: 239 });
    expect(voiToWindow({ lower: -160, upper: 239 })).toEqual({ center: 40, width: 400 });
    expect(windowToVoi({ center: -600, width: 1500 })).toEqual({ lower: -1350, upper: 149 });
    expect(voiToWindow(windowToVoi({ center: 40, width: 400 }))).toEqual({
      center: 40,
      width: 400,
    });
  });

  it('never makes an empty window', () => {
    expect(windowToVoi({ center: 10, width: 0 })).toEqual({ lower: 9.5, upper: 9.5 });
    expect(voiToWindow({ lower: 9.5, upper: 9.5 })).toEqual({ center: 10, width: 1 });
  });
});

describe('a window/level drag', () => {
  it('widens to the right and raises the level downwards', () => {
    expect(dragWindow({ center: 40, width: 400 }, 10, 0, 2)).toEqual({ center: 40, width: 420 });
    expect(dragWindow({ center: 40, width: 400 }, 0, 5, 2)).toEqual({ center: 50, width: 400 });
  });

  it('moves a wide window faster than a narrow one, never below a width of 1', () => {
    const wide = dragWindow({ center: -600, width: 1500 }, 10, 0);
    const narrow = dragWindow({ center: 40, width: 80 }, 10, 0);
    expect(wide.width - 1500).toBeGreaterThan(narrow.width - 80);
    expect(dragWindow({ center: 40, width: 80 }, -1000, 0).width).toBe(1);
  });

  it('is labelled as radiologists read it', () => {
    expect(windowLabel({ center: -600, width: 1500 })).toBe('W 1500 / L -600');
    expect(windowLabel(null)).toBe('W — / L —');
  });
});

describe('slices', () => {
  it('are named from 1', () => {
    expect(sliceLabel(36, 64)).toBe('Slice 37 of 64');
    expect(sliceLabel(0, 1)).toBe('Slice 1 of 1');
    expect(sliceLabel(99, 64)).toBe('Slice 64 of 64');
    expect(sliceLabel(0, 0)).toBe('No slices');
  });

  it('stay inside the stack', () => {
    expect(clampSlice(-3, 64)).toBe(0);
    expect(clampSlice(70, 64)).toBe(63);
    expect(clampSlice(2.6, 64)).toBe(3);
  });

  it('follow the keys of a workstation', () => {
    expect(sliceForKey('ArrowDown', 10, 64)).toBe(11);
    expect(sliceForKey('ArrowUp', 10, 64)).toBe(9);
    expect(sliceForKey('ArrowUp', 0, 64)).toBe(0);
    expect(sliceForKey('PageDown', 10, 64)).toBe(16);
    expect(sliceForKey('PageUp', 3, 64)).toBe(0);
    expect(sliceForKey('Home', 30, 64)).toBe(0);
    expect(sliceForKey('End', 30, 64)).toBe(63);
    expect(sliceForKey('PageDown', 0, 5)).toBe(1);
    expect(sliceForKey('a', 10, 64)).toBeNull();
  });
});
