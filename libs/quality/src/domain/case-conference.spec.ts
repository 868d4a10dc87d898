import { RecommendationContent, Specialty, TreatmentModality } from '@app/contracts';
import {
  CaseRecordFacts,
  DiscussedItem,
  HeldMeeting,
  PresentationsInput,
  meetingAttendance,
  presentedCases,
} from './case-conference';

const MONDAY: HeldMeeting = { id: 'm-monday', startsAt: new Date('2026-03-02T07:00:00Z') };
const TUESDAY: HeldMeeting = { id: 'm-tuesday', startsAt: new Date('2026-03-03T07:00:00Z') };

const STAGED: CaseRecordFacts = { stagingComplete: true, firstTreatment: null };

function item(
  id: string,
  meeting: HeldMeeting,
  caseId: string,
  position: number | null,
): DiscussedItem {
  return { id, meetingId: meeting.id, caseId, position };
}

function content(
  override: {
    guidelines?: number;
    trials?: number;
    modalities?: TreatmentModality[];
  } = {},
): RecommendationContent {
  return {
    recommendation: {
      text: 'Lobectomy',
      intent: 'curative',
      modalities: override.modalities ?? ['surgery'],
      sequence: null,
    },
    rationale: 'Resectable',
    guidelineReferences: Array.from({ length: override.guidelines ?? 0 }, (_, index) => ({
      citation: `NCCN NSCLC v3.2026, NSCL-${index}`,
      evidenceCategory: '2A',
    })),
    trialReferrals: Array.from({ length: override.trials ?? 0 }, (_, index) => ({
      nctId: `NCT0000000${index}`,
      title: null,
    })),
  };
}

function input(override: Partial<PresentationsInput>): PresentationsInput {
  return {
    meetings: [MONDAY, TUESDAY],
    items: [],
    cases: new Map(),
    recommendations: new Map(),
    timezone: 'Europe/Paris',
    ...override,
  };
}

describe('presentedCases', () => {
  it('orders presentations by meeting start, then agenda position (none last), then id', () => {
    const presented = presentedCases(
      input({
        meetings: [TUESDAY, MONDAY],
        items: [
          item('i-5', TUESDAY, 'case-e', 1),
          item('i-4', MONDAY, 'case-d', null),
          item('i-3', MONDAY, 'case-c', 2),
          item('i-2', MONDAY, 'case-b', 1),
          item('i-1', MONDAY, 'case-a', 2),
        ],
        cases: new Map(
          ['case-a', 'case-b', 'case-c', 'case-d', 'case-e'].map((id) => [id, STAGED]),
        ),
      }),
    );
    expect(presented.map((record) => record.caseId)).toEqual([
      'case-b',
      'case-a',
      'case-c',
      'case-d',
      'case-e',
    ]);
    expect(presented.map((record) => record.presentedAt)).toEqual([
      MONDAY.startsAt,
      MONDAY.startsAt,
      MONDAY.startsAt,
      MONDAY.startsAt,
      TUESDAY.startsAt,
    ]);
  });

  it('leaves out an item of a meeting or a case not given', () => {
    const elsewhere: HeldMeeting = { id: 'm-other', startsAt: MONDAY.startsAt };
    const presented = presentedCases(
      input({
        items: [item('i-1', elsewhere, 'case-a', 1), item('i-2', MONDAY, 'case-unknown', 1)],
        cases: new Map([['case-a', STAGED]]),
      }),
    );
    expect(presented).toEqual([]);
  });

  it.each<[string, CaseRecordFacts, boolean, boolean | null]>([
    ['staged, no first-treatment record', STAGED, true, null],
    [
      'not staged, not started',
      { stagingComplete: false, firstTreatment: { status: 'not_started' } },
      false,
      true,
    ],
    [
      'started the day before the meeting (board time)',
      { stagingComplete: true, firstTreatment: { status: 'started', startedOn: '2026-03-01' } },
      true,
      false,
    ],
    [
      'started on the meeting day (board time)',
      { stagingComplete: true, firstTreatment: { status: 'started', startedOn: '2026-03-02' } },
      true,
      true,
    ],
  ])(
    '%s: staging and prospective status from the case record',
    (_name, facts, staged, prospective) => {
      const [presented] = presentedCases(
        input({ items: [item('i-1', MONDAY, 'case-a', 1)], cases: new Map([['case-a', facts]]) }),
      );
      expect(presented.stageDocumented).toBe(staged);
      expect(presented.prospective).toBe(prospective);
    },
  );

  it.each<[string, RecommendationContent[], boolean, boolean]>([
    ['no published recommendation', [], false, false],
    ['neither guideline nor trial', [content()], false, false],
    ['a guideline cited', [content({ guidelines: 1 })], true, false],
    ['a trial referral', [content({ trials: 1 })], false, true],
    ['the clinical trial modality', [content({ modalities: ['clinical_trial'] })], false, true],
    ['in any published version', [content(), content({ guidelines: 2, trials: 1 })], true, true],
  ])('%s: guideline cited, trial discussed', (_name, published, guideline, trial) => {
    const [presented] = presentedCases(
      input({
        items: [item('i-1', MONDAY, 'case-a', 1)],
        cases: new Map([['case-a', STAGED]]),
        recommendations: new Map([['case-a', published]]),
      }),
    );
    expect(presented.guidelineCited).toBe(guideline);
    expect(presented.clinicalTrialDiscussed).toBe(trial);
  });

  it('lists a case once per presentation', () => {
    const presented = presentedCases(
      input({
        items: [item('i-1', MONDAY, 'case-a', 1), item('i-2', TUESDAY, 'case-a', 1)],
        cases: new Map([['case-a', STAGED]]),
      }),
    );
    expect(presented.map((record) => [record.caseId, record.presentedAt])).toEqual([
      ['case-a', MONDAY.startsAt],
      ['case-a', TUESDAY.startsAt],
    ]);
  });
});

describe('meetingAttendance', () => {
  const specialties = new Map<string, Specialty>([
    ['u-onc-1', Specialty.MedicalOncology],
    ['u-onc-2', Specialty.MedicalOncology],
    ['u-path', Specialty.Pathology],
  ]);

  it('lists each meeting with the specialties present, each once', () => {
    expect(
      meetingAttendance(
        [MONDAY, TUESDAY],
        new Map([
          [MONDAY.id, ['u-onc-1', 'u-path', 'u-onc-2']],
          [TUESDAY.id, []],
        ]),
        specialties,
      ),
    ).toEqual([
      {
        meetingId: MONDAY.id,
        heldAt: MONDAY.startsAt,
        specialtiesPresent: [Specialty.MedicalOncology, Specialty.Pathology],
      },
      { meetingId: TUESDAY.id, heldAt: TUESDAY.startsAt, specialtiesPresent: [] },
    ]);
  });

  it('leaves out an attendee of unknown specialty, and counts a meeting without attendees', () => {
    expect(meetingAttendance([MONDAY], new Map([[MONDAY.id, ['u-unknown']]]), specialties)).toEqual(
      [{ meetingId: MONDAY.id, heldAt: MONDAY.startsAt, specialtiesPresent: [] }],
    );
    expect(meetingAttendance([MONDAY], new Map(), specialties)).toEqual([
      { meetingId: MONDAY.id, heldAt: MONDAY.startsAt, specialtiesPresent: [] },
    ]);
  });
});
