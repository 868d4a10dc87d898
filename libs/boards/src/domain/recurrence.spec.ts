import {
  expandRecurrence,
  isValidTimezone,
  localToInstant,
  Occurrence,
  RecurrenceRequest,
  RecurrenceResult,
} from './recurrence';

const request = (overrides: Partial<RecurrenceRequest> = {}): RecurrenceRequest => ({
  rrule: 'FREQ=WEEKLY;BYDAY=TU',
  firstStartLocal: '2026-03-03T07:30',
  timezone: 'Europe/Paris',
  durationMinutes: 60,
  until: new Date('2027-01-01T00:00:00Z'),
  limit: 100,
  ...overrides,
});

function occurrencesOf(result: RecurrenceResult): Occurrence[] {
  if (!result.ok) throw new Error(`expected occurrences, got problem: ${result.problem}`);
  return result.occurrences;
}

const localStarts = (overrides: Partial<RecurrenceRequest>): string[] =>
  occurrencesOf(expandRecurrence(request(overrides))).map((o) => o.localStart);

describe('expandRecurrence — weekly meeting keeps its wall-clock time across DST', () => {
  // EU 2026: 29 March / 25 October. US 2026: 8 March / 1 November.
  it.each([
    ['Europe/Paris', '2026-03-03', '2026-03-03T06:30:00.000Z'],
    ['Europe/Paris', '2026-03-24', '2026-03-24T06:30:00.000Z'],
    ['Europe/Paris', '2026-03-31', '2026-03-31T05:30:00.000Z'],
    ['Europe/Paris', '2026-10-20', '2026-10-20T05:30:00.000Z'],
    ['Europe/Paris', '2026-10-27', '2026-10-27T06:30:00.000Z'],
    ['America/New_York', '2026-03-03', '2026-03-03T12:30:00.000Z'],
    ['America/New_York', '2026-03-10', '2026-03-10T11:30:00.000Z'],
    ['America/New_York', '2026-03-24', '2026-03-24T11:30:00.000Z'],
    ['America/New_York', '2026-03-31', '2026-03-31T11:30:00.000Z'],
    ['America/New_York', '2026-10-27', '2026-10-27T11:30:00.000Z'],
    ['America/New_York', '2026-11-03', '2026-11-03T12:30:00.000Z'],
  ])('%s: Tuesday %s 07:30 local is %s', (timezone, day, utc) => {
    const occurrences = occurrencesOf(expandRecurrence(request({ timezone })));
    const match = occurrences.find((o) => o.localStart === `${day}T07:30`);
    expect(match?.startsAt.toISOString()).toBe(utc);
    expect(match?.endsAt.toISOString()).toBe(new Date(Date.parse(utc) + 3_600_000).toISOString());
  });

  it.each(['Europe/Paris', 'America/New_York'])(
    '%s: every Tuesday from 3 March to 24 November, always at 07:30',
    (timezone) => {
      const occurrences = occurrencesOf(
        expandRecurrence(request({ timezone, until: new Date('2026-12-01T00:00:00Z') })),
      );
      expect(occurrences).toHaveLength(39);
      expect(occurrences[0].localStart).toBe('2026-03-03T07:30');
      expect(occurrences[38].localStart).toBe('2026-11-24T07:30');
      for (const o of occurrences) {
        expect(o.localStart).toMatch(/T07:30$/);
        expect(new Date(`${o.localStart.slice(0, 10)}T00:00:00Z`).getUTCDay()).toBe(2);
      }
    },
  );

  it('measures the duration on the timeline, not on the wall clock', () => {
    const [occurrence] = occurrencesOf(
      expandRecurrence(
        request({
          rrule: 'FREQ=DAILY;COUNT=1',
          firstStartLocal: '2026-10-25T01:30',
          durationMinutes: 90,
        }),
      ),
    );
    // 01:30 CEST = 23:30Z; 90 minutes later the clocks read 02:00 CET.
    expect(occurrence.startsAt.toISOString()).toBe('2026-10-24T23:30:00.000Z');
    expect(occurrence.endsAt.toISOString()).toBe('2026-10-25T01:00:00.000Z');
  });
});

describe('expandRecurrence — rule shapes', () => {
  it.each<[string, string, string, string[]]>([
    [
      'weekly on Tuesday',
      'FREQ=WEEKLY;BYDAY=TU',
      '2026-03-03T07:30',
      ['2026-03-03T07:30', '2026-03-10T07:30', '2026-03-17T07:30', '2026-03-24T07:30'],
    ],
    [
      'several weekdays',
      'FREQ=WEEKLY;BYDAY=MO,WE,FR',
      '2026-03-02T08:00',
      ['2026-03-02T08:00', '2026-03-04T08:00', '2026-03-06T08:00', '2026-03-09T08:00'],
    ],
    [
      'every other Thursday',
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH',
      '2026-03-05T12:15',
      ['2026-03-05T12:15', '2026-03-19T12:15', '2026-04-02T12:15', '2026-04-16T12:15'],
    ],
    [
      'first Tuesday of the month',
      'FREQ=MONTHLY;BYDAY=1TU',
      '2026-03-03T17:00',
      ['2026-03-03T17:00', '2026-04-07T17:00', '2026-05-05T17:00', '2026-06-02T17:00'],
    ],
    [
      'last Friday of the month',
      'FREQ=MONTHLY;BYDAY=-1FR',
      '2026-03-27T13:00',
      ['2026-03-27T13:00', '2026-04-24T13:00', '2026-05-29T13:00', '2026-06-26T13:00'],
    ],
    [
      'last weekday of the month (BYSETPOS)',
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
      '2026-03-31T16:00',
      ['2026-03-31T16:00', '2026-04-30T16:00', '2026-05-29T16:00', '2026-06-30T16:00'],
    ],
    [
      'daily',
      'FREQ=DAILY',
      '2026-03-03T07:30',
      ['2026-03-03T07:30', '2026-03-04T07:30', '2026-03-05T07:30', '2026-03-06T07:30'],
    ],
    [
      'lower-case rule with RRULE: prefix',
      'rrule:freq=weekly;byday=tu',
      '2026-03-03T07:30',
      ['2026-03-03T07:30', '2026-03-10T07:30', '2026-03-17T07:30', '2026-03-24T07:30'],
    ],
    [
      'first start not on a rule day: the series begins at the next match',
      'FREQ=WEEKLY;BYDAY=TU',
      '2026-03-02T07:30',
      ['2026-03-03T07:30', '2026-03-10T07:30', '2026-03-17T07:30', '2026-03-24T07:30'],
    ],
    [
      'seconds in the first start are kept',
      'FREQ=WEEKLY;BYDAY=TU',
      '2026-03-03T07:30:00',
      ['2026-03-03T07:30', '2026-03-10T07:30', '2026-03-17T07:30', '2026-03-24T07:30'],
    ],
  ])('%s (%s)', (_name, rrule, firstStartLocal, expected) => {
    expect(localStarts({ rrule, firstStartLocal, limit: 4 })).toEqual(expected);
  });

  it.each<[string, string, string[]]>([
    ['COUNT', 'RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3', ['03-03', '03-10', '03-17']],
    ['COUNT=1', 'FREQ=WEEKLY;BYDAY=TU;COUNT=1', ['03-03']],
    [
      'UNTIL as a date includes that whole day',
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260317',
      ['03-03', '03-10', '03-17'],
    ],
    [
      'UNTIL local, equal to a start',
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260317T073000',
      ['03-03', '03-10', '03-17'],
    ],
    [
      'UNTIL local, a second before',
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260317T072959',
      ['03-03', '03-10'],
    ],
    [
      'UNTIL local is a wall clock',
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260317T070000',
      ['03-03', '03-10'],
    ],
    // 17 March 07:30 Paris is 06:30Z.
    [
      'UNTIL UTC, equal to a start',
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260317T063000Z',
      ['03-03', '03-10', '03-17'],
    ],
    [
      'UNTIL UTC, a second before',
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260317T062959Z',
      ['03-03', '03-10'],
    ],
    [
      'UNTIL UTC is an instant',
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260317T070000Z',
      ['03-03', '03-10', '03-17'],
    ],
    ['UNTIL before the first start', 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260301', []],
  ])('rule end: %s', (_name, rrule, days) => {
    expect(localStarts({ rrule })).toEqual(days.map((d) => `2026-${d}T07:30`));
  });

  it('returns nothing, and returns promptly, for a rule that never matches', () => {
    expect(localStarts({ rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' })).toEqual([]);
  });
});

describe('expandRecurrence — until and limit cutoffs', () => {
  // Paris Tuesdays at 07:30 in March 2026 are 06:30Z.
  it.each<[string, Partial<RecurrenceRequest>, number]>([
    ['until equal to the third start (exclusive)', { until: new Date('2026-03-17T06:30:00Z') }, 2],
    ['until just after the third start', { until: new Date('2026-03-17T06:30:00.001Z') }, 3],
    ['until equal to the first start', { until: new Date('2026-03-03T06:30:00Z') }, 0],
    ['until before the first start', { until: new Date('2026-01-01T00:00:00Z') }, 0],
    ['limit 1', { limit: 1 }, 1],
    ['limit 2', { limit: 2 }, 2],
    ['limit below the COUNT', { rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10', limit: 4 }, 4],
    ['COUNT below the limit', { rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=3', limit: 4 }, 3],
    ['until before the limit', { until: new Date('2026-03-11T00:00:00Z'), limit: 50 }, 2],
    [
      'limit on a long daily series',
      { rrule: 'FREQ=DAILY', until: new Date('2100-01-01T00:00:00Z'), limit: 500 },
      500,
    ],
  ])('%s → %i occurrences', (_name, overrides, count) => {
    expect(occurrencesOf(expandRecurrence(request(overrides)))).toHaveLength(count);
  });
});

describe('DST gap and overlap', () => {
  it.each([
    // Spring forward: the missing wall clock is read with the offset before the gap.
    ['Europe/Paris', '2026-03-29T01:59', '2026-03-29T00:59:00.000Z'],
    ['Europe/Paris', '2026-03-29T02:00', '2026-03-29T01:00:00.000Z'],
    ['Europe/Paris', '2026-03-29T02:30', '2026-03-29T01:30:00.000Z'],
    ['Europe/Paris', '2026-03-29T03:00', '2026-03-29T01:00:00.000Z'],
    ['Europe/Paris', '2026-03-29T03:30', '2026-03-29T01:30:00.000Z'],
    ['America/New_York', '2026-03-08T02:30', '2026-03-08T07:30:00.000Z'],
    ['America/New_York', '2026-03-08T03:30', '2026-03-08T07:30:00.000Z'],
    // Fall back: an ambiguous wall clock is its first (earlier) occurrence.
    ['Europe/Paris', '2026-10-25T01:59', '2026-10-24T23:59:00.000Z'],
    ['Europe/Paris', '2026-10-25T02:00', '2026-10-25T00:00:00.000Z'],
    ['Europe/Paris', '2026-10-25T02:30', '2026-10-25T00:30:00.000Z'],
    ['Europe/Paris', '2026-10-25T03:00', '2026-10-25T02:00:00.000Z'],
    ['America/New_York', '2026-11-01T01:30', '2026-11-01T05:30:00.000Z'],
    ['America/New_York', '2026-11-01T02:00', '2026-11-01T07:00:00.000Z'],
    // Ordinary times and seconds.
    ['Europe/Paris', '2026-03-03T07:30:45', '2026-03-03T06:30:45.000Z'],
    ['America/New_York', '2026-07-01T00:00', '2026-07-01T04:00:00.000Z'],
    ['UTC', '2026-03-29T02:30', '2026-03-29T02:30:00.000Z'],
    ['Asia/Kolkata', '2026-03-29T02:30', '2026-03-28T21:00:00.000Z'],
  ])('localToInstant(%s, %s) = %s', (timezone, local, utc) => {
    expect(localToInstant(local, timezone)?.toISOString()).toBe(utc);
  });

  it.each([
    [
      'Europe/Paris',
      'spring-forward gap moves to 03:30',
      '2026-03-28T02:30',
      [
        ['2026-03-28T02:30', '2026-03-28T01:30:00.000Z'],
        ['2026-03-29T03:30', '2026-03-29T01:30:00.000Z'],
        ['2026-03-30T02:30', '2026-03-30T00:30:00.000Z'],
      ],
    ],
    [
      'Europe/Paris',
      'fall-back overlap takes the earlier instant',
      '2026-10-24T02:30',
      [
        ['2026-10-24T02:30', '2026-10-24T00:30:00.000Z'],
        ['2026-10-25T02:30', '2026-10-25T00:30:00.000Z'],
        ['2026-10-26T02:30', '2026-10-26T01:30:00.000Z'],
      ],
    ],
    [
      'America/New_York',
      'spring-forward gap moves to 03:30',
      '2026-03-07T02:30',
      [
        ['2026-03-07T02:30', '2026-03-07T07:30:00.000Z'],
        ['2026-03-08T03:30', '2026-03-08T07:30:00.000Z'],
        ['2026-03-09T02:30', '2026-03-09T06:30:00.000Z'],
      ],
    ],
    [
      'America/New_York',
      'fall-back overlap takes the earlier instant',
      '2026-10-31T01:30',
      [
        ['2026-10-31T01:30', '2026-10-31T05:30:00.000Z'],
        ['2026-11-01T01:30', '2026-11-01T05:30:00.000Z'],
        ['2026-11-02T01:30', '2026-11-02T06:30:00.000Z'],
      ],
    ],
  ])('daily series in %s: %s', (timezone, _name, firstStartLocal, expected) => {
    const occurrences = occurrencesOf(
      expandRecurrence(request({ rrule: 'FREQ=DAILY;COUNT=3', firstStartLocal, timezone })),
    );
    expect(occurrences.map((o) => [o.localStart, o.startsAt.toISOString()])).toEqual(expected);
  });
});

describe('localToInstant rejects', () => {
  it.each([
    ['2026-02-30T07:30', 'Europe/Paris'],
    ['2026-03-03T24:00', 'Europe/Paris'],
    ['2026-03-03T07:60', 'Europe/Paris'],
    ['2026-03-03T07:30:60', 'Europe/Paris'],
    ['2026-13-01T07:30', 'Europe/Paris'],
    ['2026-03-03 07:30', 'Europe/Paris'],
    ['2026-03-03T07:30Z', 'Europe/Paris'],
    ['2026-03-03T07:30+01:00', 'Europe/Paris'],
    ['2026-03-03T07:30:00.000', 'Europe/Paris'],
    ['2026-03-03', 'Europe/Paris'],
    ['2026-3-3T7:30', 'Europe/Paris'],
    ['', 'Europe/Paris'],
    ['2026-03-03T07:30', 'Mars/Olympus'],
    ['2026-03-03T07:30', ''],
  ])('%j in %j', (local, timezone) => {
    expect(localToInstant(local, timezone)).toBeNull();
  });
});

describe('isValidTimezone', () => {
  it.each<[string, boolean]>([
    ['Europe/Paris', true],
    ['America/New_York', true],
    ['Asia/Kolkata', true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['Europe/Pariss', false],
    ['+01:00', false],
    ['-05:00', false],
    ['Etc/GMT+5', true],
    ['America/Argentina/Buenos_Aires', true],
    ['', false],
    [' ', false],
  ])('%j → %s', (timezone, valid) => {
    expect(isValidTimezone(timezone)).toBe(valid);
  });
});

describe('expandRecurrence — invalid requests', () => {
  it.each<[Partial<RecurrenceRequest>, RegExp]>([
    [{ rrule: '' }, /empty/],
    [{ rrule: '   ' }, /empty/],
    [{ rrule: 'RRULE:' }, /NAME=VALUE/],
    [{ rrule: 'FREQ=WEEKLY;;BYDAY=TU' }, /NAME=VALUE/],
    [{ rrule: 'FREQ=WEEKLY;BYDAY' }, /NAME=VALUE/],
    [{ rrule: 'BYDAY=TU' }, /needs a FREQ/],
    [{ rrule: 'FREQ=FORTNIGHTLY' }, /not a known frequency/],
    [{ rrule: 'FREQ=WEEKLY;FREQ=DAILY' }, /FREQ appears more than once/],
    [{ rrule: 'FREQ=WEEKLY;FOO=1' }, /FOO is not a supported/],
    [{ rrule: 'FREQ=WEEKLY;RDATE=20260303' }, /RDATE is not a supported/],
    [{ rrule: 'DTSTART:20260303T073000\nRRULE:FREQ=WEEKLY' }, /DTSTART or TZID/],
    [{ rrule: 'FREQ=WEEKLY;DTSTART=20260303T073000' }, /DTSTART or TZID/],
    [{ rrule: 'FREQ=WEEKLY;TZID=Europe/Paris' }, /DTSTART or TZID/],
    [{ rrule: 'FREQ=WEEKLY\nEXDATE:20260310' }, /single RRULE line/],
    [{ rrule: 'FREQ=HOURLY' }, /FREQ=HOURLY is finer than daily/],
    [{ rrule: 'FREQ=MINUTELY' }, /FREQ=MINUTELY is finer than daily/],
    [{ rrule: 'FREQ=SECONDLY' }, /FREQ=SECONDLY is finer than daily/],
    [{ rrule: 'FREQ=DAILY;BYHOUR=7,15' }, /BYHOUR is not supported/],
    [{ rrule: 'FREQ=DAILY;BYMINUTE=0,30' }, /BYMINUTE is not supported/],
    [{ rrule: 'FREQ=DAILY;BYSECOND=0' }, /BYSECOND is not supported/],
    [{ rrule: 'FREQ=WEEKLY;INTERVAL=0' }, /INTERVAL/],
    [{ rrule: 'FREQ=WEEKLY;INTERVAL=-1' }, /INTERVAL/],
    [{ rrule: 'FREQ=WEEKLY;INTERVAL=two' }, /INTERVAL/],
    [{ rrule: 'FREQ=WEEKLY;COUNT=0' }, /COUNT/],
    [{ rrule: 'FREQ=WEEKLY;COUNT=abc' }, /COUNT/],
    [{ rrule: 'FREQ=WEEKLY;COUNT=3;UNTIL=20260401' }, /COUNT and UNTIL/],
    [{ rrule: 'FREQ=WEEKLY;UNTIL=20260231' }, /UNTIL '20260231'/],
    [{ rrule: 'FREQ=WEEKLY;UNTIL=garbage' }, /UNTIL 'GARBAGE'/],
    [{ rrule: 'FREQ=WEEKLY;UNTIL=20260401T25' }, /UNTIL/],
    [{ rrule: 'FREQ=WEEKLY;UNTIL=20260401T240000' }, /UNTIL '20260401T240000'/],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=XX' }, /BYDAY 'XX'/],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=TU,' }, /BYDAY ''/],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=1TU' }, /ordinal weekday needs FREQ=MONTHLY/],
    [{ rrule: 'FREQ=DAILY;BYDAY=-1FR' }, /ordinal weekday needs FREQ=MONTHLY/],
    [{ rrule: 'FREQ=MONTHLY;BYDAY=6TU' }, /ordinal must be in ±1..5/],
    [{ rrule: 'FREQ=MONTHLY;BYDAY=0TU' }, /ordinal must be in ±1..5/],
    [{ rrule: 'FREQ=YEARLY;BYDAY=54MO' }, /ordinal must be in ±1..53/],
    [{ rrule: 'FREQ=WEEKLY;BYMONTHDAY=1' }, /BYMONTHDAY cannot be used with FREQ=WEEKLY/],
    [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=32' }, /BYMONTHDAY values/],
    [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=0' }, /BYMONTHDAY values/],
    [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=1,,2' }, /BYMONTHDAY values/],
    [{ rrule: 'FREQ=MONTHLY;BYYEARDAY=1' }, /BYYEARDAY can only be used with FREQ=YEARLY/],
    [{ rrule: 'FREQ=YEARLY;BYYEARDAY=367' }, /BYYEARDAY values/],
    [{ rrule: 'FREQ=MONTHLY;BYWEEKNO=1' }, /BYWEEKNO can only be used with FREQ=YEARLY/],
    [{ rrule: 'FREQ=YEARLY;BYWEEKNO=54' }, /BYWEEKNO values/],
    [{ rrule: 'FREQ=YEARLY;BYMONTH=13' }, /BYMONTH values/],
    [{ rrule: 'FREQ=YEARLY;BYMONTH=-1' }, /BYMONTH values/],
    [{ rrule: 'FREQ=MONTHLY;BYSETPOS=1' }, /BYSETPOS needs another/],
    [{ rrule: 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=400' }, /BYSETPOS values/],
    [{ rrule: 'FREQ=WEEKLY;WKST=XX' }, /WKST 'XX'/],
    [{ timezone: 'Mars/Olympus' }, /not a known IANA timezone/],
    [{ timezone: '' }, /not a known IANA timezone/],
    [{ firstStartLocal: '2026-02-30T07:30' }, /not a valid local date-time/],
    [{ firstStartLocal: '2026-03-03' }, /not a valid local date-time/],
    [{ firstStartLocal: '2026-03-03T07:30+01:00' }, /not a valid local date-time/],
    [{ durationMinutes: 4 }, /between 5 and 720/],
    [{ durationMinutes: 721 }, /between 5 and 720/],
    [{ durationMinutes: 0 }, /between 5 and 720/],
    [{ durationMinutes: 30.5 }, /between 5 and 720/],
    [{ durationMinutes: Number.NaN }, /between 5 and 720/],
    [{ limit: 0 }, /limit/],
    [{ limit: -1 }, /limit/],
    [{ limit: 1.5 }, /limit/],
    [{ until: new Date('not a date') }, /until must be a valid date/],
  ])('%j → %s', (overrides, problem) => {
    const result = expandRecurrence(request(overrides));
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toMatch(problem);
  });

  it.each<[Partial<RecurrenceRequest>]>([
    [{ durationMinutes: 5 }],
    [{ durationMinutes: 720 }],
    [{ limit: 1 }],
    [{ rrule: 'FREQ=YEARLY;BYMONTH=3;BYDAY=1TU' }],
    [{ rrule: 'FREQ=YEARLY;BYWEEKNO=10;BYDAY=TU' }],
    [{ rrule: 'FREQ=YEARLY;BYYEARDAY=62' }],
    [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1' }],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=TU;WKST=MO' }],
  ])('accepts %j', (overrides) => {
    expect(occurrencesOf(expandRecurrence(request(overrides))).length).toBeGreaterThan(0);
  });
});
