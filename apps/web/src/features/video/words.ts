import type { NetworkQuality } from './quality';

export const QUALITY_LABELS: Record<Exclude<NetworkQuality, 'unknown'>, string> = {
  good: 'Good',
  fair: 'Fair',
  poor: 'Poor',
};

/** Up to two initials for a tile without video: "Dana Coordinator" → "DC". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters
    .map((word) => Array.from(word ?? '')[0] ?? '')
    .join('')
    .toUpperCase();
}
