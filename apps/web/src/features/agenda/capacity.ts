/**
 * How full a meeting's agenda is, in words: the minutes allotted to its cases (deferred ones do not
 * count) against the meeting's length. The server refuses to add or lengthen a case past the
 * length, but a meeting can be shortened under its agenda, so "over" happens.
 */
export type CapacityTone = 'under' | 'near' | 'full' | 'over';

export interface Capacity {
  tone: CapacityTone;
  /** One line for the label and for assistive technology. */
  words: string;
  /** Width of the bar, 0..100. */
  percent: number;
  remaining: number;
}

/** At or above this share of the meeting the agenda is "nearly full". */
export const NEAR_SHARE = 0.85;

export function capacity(usedMinutes: number, meetingMinutes: number): Capacity {
  const used = Math.max(0, Math.round(usedMinutes));
  const total = Math.max(0, Math.round(meetingMinutes));
  const remaining = total - used;
  const percent =
    total === 0 ? (used > 0 ? 100 : 0) : Math.min(100, Math.round((used / total) * 100));
  if (used > total)
    return {
      tone: 'over',
      words: `${used - total} min over: ${used} min allotted in a ${total}-min meeting`,
      percent,
      remaining,
    };
  if (used === total && total > 0)
    return { tone: 'full', words: `Full: all ${total} min allotted`, percent, remaining };
  if (total > 0 && used / total >= NEAR_SHARE)
    return {
      tone: 'near',
      words: `Nearly full: ${remaining} min left of ${total} (${used} allotted)`,
      percent,
      remaining,
    };
  return {
    tone: 'under',
    words: `${used} of ${total} min allotted, ${remaining} min left`,
    percent,
    remaining,
  };
}
