import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import { dateTime, fileSize, minutes, sizeAndLimit } from './format';

const intl = (locale: string) => createIntl({ locale, messages: {} });
const MB = 1024 * 1024;

describe('sizes, durations and times in the reader’s language', () => {
  it('says sizes in bytes, kilobytes or megabytes', () => {
    const en = intl('en');
    expect(fileSize(en, 512)).toBe('512 bytes');
    expect(fileSize(en, 830 * 1024)).toBe('830 kB');
    expect(fileSize(en, 4.24 * MB)).toBe('4.2 MB');
    expect(fileSize(intl('de'), 4.24 * MB)).toBe('4,2 MB');
  });

  it('says a file just over the limit to the byte, so the two do not read the same', () => {
    expect(sizeAndLimit(intl('en'), 30 * MB, 25 * MB)).toEqual(['30 MB', '25 MB']);
    expect(sizeAndLimit(intl('en'), 25 * MB + 1, 25 * MB)).toEqual([
      '26,214,401 bytes',
      '26,214,400 bytes',
    ]);
  });

  it('says durations in words', () => {
    expect(minutes(intl('en'), 45)).toBe('45 minutes');
    expect(minutes(intl('es'), 1)).toBe('1 minuto');
  });

  it('says a time in the zone asked for, naming it', () => {
    const at = '2026-03-12T13:00:00.000Z';
    expect(dateTime(intl('en-GB'), at, 'Europe/Madrid')).toBe('12 March 2026 at 14:00 CET');
    expect(dateTime(intl('en-US'), at, 'America/New_York')).toBe('March 12, 2026 at 9:00 AM EDT');
  });
});
