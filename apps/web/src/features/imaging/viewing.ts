/**
 * The arithmetic of looking at a CT or MR stack, kept apart from Cornerstone so it can be tested:
 * window/level presets, the window ⇄ VOI range conversion, how a mouse drag changes the window,
 * which slice a key takes you to, and how a slice is named.
 */

/** A display window in the image's output units (Hounsfield units for CT). */
export interface DisplayWindow {
  center: number;
  width: number;
}

/** The same window as Cornerstone's VOI range. */
export interface VoiRange {
  lower: number;
  upper: number;
}

export type PresetId = 'lung' | 'mediastinum' | 'bone' | 'brain' | 'abdomen';

export interface WindowPreset extends DisplayWindow {
  id: PresetId;
  label: string;
}

/** The usual CT windows (W/L in HU), as reading rooms set them. */
export const WINDOW_PRESETS: readonly WindowPreset[] = [
  { id: 'lung', label: 'Lung', center: -600, width: 1500 },
  { id: 'mediastinum', label: 'Mediastinum', center: 50, width: 350 },
  { id: 'bone', label: 'Bone', center: 400, width: 1800 },
  { id: 'brain', label: 'Brain', center: 40, width: 80 },
  { id: 'abdomen', label: 'Abdomen', center: 40, width: 400 },
];

export const MIN_WINDOW_WIDTH = 1;

/**
 * The DICOM linear VOI function's range (PS3.3 C.11.2.1.2.1), as Cornerstone applies it: a window
 * of width w centred on c maps c − ½ − (w − 1)/2 to black and c − ½ + (w − 1)/2 to white.
 */
export function windowToVoi({ center, width }: DisplayWindow): VoiRange {
  const half = (Math.max(width, MIN_WINDOW_WIDTH) - 1) / 2;
  return { lower: center - 0.5 - half, upper: center - 0.5 + half };
}

export function voiToWindow({ lower, upper }: VoiRange): DisplayWindow {
  return { center: round((lower + upper + 1) / 2), width: round(Math.abs(upper - lower) + 1) };
}

/** The preset a window is, if it is one (to mark its button pressed). */
export function presetOf(window: DisplayWindow | null): PresetId | null {
  if (!window) return null;
  const found = WINDOW_PRESETS.find(
    (preset) =>
      Math.abs(preset.center - window.center) < 0.5 && Math.abs(preset.width - window.width) < 0.5,
  );
  return found?.id ?? null;
}

/**
 * A window/level drag as workstations do it: right widens the window, down raises the level
 * (darker image), each pixel of travel worth `unitsPerPixel` (larger for a wider window, so a
 * lung window moves as fast on screen as a brain window).
 */
export function dragWindow(
  start: DisplayWindow,
  dx: number,
  dy: number,
  unitsPerPixel = Math.max(start.width / 256, 1),
): DisplayWindow {
  return {
    center: round(start.center + dy * unitsPerPixel),
    width: round(Math.max(start.width + dx * unitsPerPixel, MIN_WINDOW_WIDTH)),
  };
}

/** "W 1500 / L −600", as radiologists read a window. */
export function windowLabel(window: DisplayWindow | null): string {
  if (!window) return 'W — / L —';
  return `W ${Math.round(window.width)} / L ${Math.round(window.center)}`;
}

/** "Slice 37 of 64" for the 0-based index 36. */
export function sliceLabel(index: number, count: number): string {
  if (count <= 0) return 'No slices';
  return `Slice ${clampSlice(index, count) + 1} of ${count}`;
}

export function clampSlice(index: number, count: number): number {
  if (count <= 0) return 0;
  return Math.min(Math.max(Math.round(index), 0), count - 1);
}

/** Slices a Page Up/Down moves: a tenth of the stack, at least one. */
export function pageStep(count: number): number {
  return Math.max(1, Math.round(count / 10));
}

/**
 * The slice a key takes the viewer to from `index`, or null for a key that does not scroll.
 * Up goes toward the first slice (head first, as stacks are sorted), as on a PACS workstation.
 */
export function sliceForKey(key: string, index: number, count: number): number | null {
  switch (key) {
    case 'ArrowUp':
      return clampSlice(index - 1, count);
    case 'ArrowDown':
      return clampSlice(index + 1, count);
    case 'PageUp':
      return clampSlice(index - pageStep(count), count);
    case 'PageDown':
      return clampSlice(index + pageStep(count), count);
    case 'Home':
      return 0;
    case 'End':
      return clampSlice(count - 1, count);
    default:
      return null;
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
