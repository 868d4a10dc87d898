import type { Adherence, ConcordanceClass } from './words';

/**
 * Chart colours, each at least 4.5:1 on white (so bars and lines stand out and white labels on
 * them read), never the only carrier of meaning: every bar is labelled and every chart has a
 * legend or axis naming what it shows.
 */
export const INK = '#17202b';
export const PRIMARY = '#0b5c7a';
const RED = '#b42318';
const ORANGE = '#a1440a';
const BLUE = '#0b4f8a';
const GREEN = '#1d6b38';
const BROWN = '#7a4d00';
const PURPLE = '#5b3a99';

/** By severity: a changed diagnosis is the gravest, a confirmation the mildest. */
export const CONCORDANCE_COLOURS: Record<ConcordanceClass, string> = {
  diagnosis_changed: RED,
  treatment_changed: ORANGE,
  clarified: BLUE,
  confirmed: GREEN,
};

export const ADHERENCE_COLOURS: Record<Adherence, string> = {
  implemented_fully: GREEN,
  implemented_partly: ORANGE,
  not_implemented: RED,
};

export const P50_COLOUR = PRIMARY;
export const P90_COLOUR = BROWN;
export const BREACH_COLOUR = RED;

/** One colour per follow-up interval, in the order the intervals come. */
export const SERIES_COLOURS: readonly string[] = [PRIMARY, PURPLE, BROWN, GREEN, RED, BLUE];

/**
 * What every chart shares: it fills its container's width at a fixed height (so it is laid out
 * before it is measured), draws at once without animation, and is no keyboard stop of its own
 * (its figures are reached through its table).
 */
export function chartFrame(height: number) {
  return {
    responsive: true,
    style: { width: '100%', height },
    accessibilityLayer: false,
  } as const;
}

export const CHART_HEIGHT = { compact: 200, normal: 260 };
