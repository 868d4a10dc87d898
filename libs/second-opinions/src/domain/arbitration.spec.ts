import {
  ARBITRATION_OUTCOMES,
  ArbitrationRecord,
  CONCORDANCE_CLASSES_BY_SEVERITY,
  ConcordanceClassName,
  SecondOpinionStatus,
  WrittenOpinionContent,
} from '@app/contracts';
import { Conflict, Forbidden } from '@app/core';
import {
  ARBITRATION_OUTCOME_WORDS,
  ArbiterProgress,
  ArbiterStep,
  arbitratedOpinion,
  arbitrationRevisionReason,
  assertArbiterMay,
  assertArbitrable,
  DISPUTED_CONCORDANCE,
} from './arbitration';
import { ConflictAttestation } from './blinding';

const STATUSES: SecondOpinionStatus[] = [
  'awaiting_records',
  'records_complete',
  'opinion_delivered',
  'consent_withdrawn',
];

/** The error `act` throws, or null. */
function thrown(act: () => void): unknown {
  try {
    act();
    return null;
  } catch (error) {
    return error;
  }
}

describe('assertArbitrable', () => {
  it('only a delivered opinion that changed the diagnosis or the treatment is disputed', () => {
    expect(DISPUTED_CONCORDANCE).toEqual(['diagnosis_changed', 'treatment_changed']);
    expect(Object.isFrozen(DISPUTED_CONCORDANCE)).toBe(true);
  });

  const cases: Array<[SecondOpinionStatus, ConcordanceClassName | null, boolean, string | null]> =
    [];
  for (const status of STATUSES)
    for (const concordance of [...CONCORDANCE_CLASSES_BY_SEVERITY, null])
      for (const standing of [false, true]) {
        const expected =
          status === 'consent_withdrawn'
            ? 'consent has been withdrawn'
            : status !== 'opinion_delivered' || concordance === null
              ? 'once it has been delivered'
              : !DISPUTED_CONCORDANCE.includes(concordance)
                ? 'changed the diagnosis or the treatment'
                : standing
                  ? 'already gone to arbitration'
                  : null;
        cases.push([status, concordance, standing, expected]);
      }

  it.each(cases)('%s, %s, standing %p → %p', (status, concordance, standing, expected) => {
    const error = thrown(() => assertArbitrable({ status, concordance, standing }));
    if (expected === null) expect(error).toBeNull();
    else {
      expect(error).toBeInstanceOf(Conflict);
      expect((error as Error).message).toContain(expected);
    }
  });
});

describe('assertArbiterMay', () => {
  const SUBMITTED = new Date('2024-05-02T14:30:00Z');
  const DECIDED = new Date('2024-05-03T09:00:00Z');
  const progress = (
    attestation: ConflictAttestation | null,
    submitted: boolean,
    decided: boolean,
    status: SecondOpinionStatus = 'opinion_delivered',
  ): ArbiterProgress => ({
    status,
    attestation,
    assessmentSubmittedAt: submitted ? SUBMITTED : null,
    decidedAt: decided ? DECIDED : null,
  });

  it.each<[ArbiterStep, ArbiterProgress, 'ok' | 403 | 409, string]>([
    ['attest', progress(null, false, false), 'ok', ''],
    ['attest', progress('no_conflict', false, false), 409, 'already answered'],
    ['attest', progress('conflict_declared', false, false), 409, 'already answered'],
    ['attest', progress(null, false, false, 'consent_withdrawn'), 409, 'consent'],
    ['assess', progress(null, false, false), 403, 'attest that you have no conflict'],
    ['assess', progress('conflict_declared', false, false), 403, 'you declared a conflict'],
    ['assess', progress('no_conflict', false, false), 'ok', ''],
    ['assess', progress('no_conflict', true, false), 409, 'already submitted'],
    ['assess', progress('no_conflict', false, false, 'consent_withdrawn'), 409, 'consent'],
    ['decide', progress(null, false, false), 403, 'attest that you have no conflict'],
    ['decide', progress('conflict_declared', false, false), 403, 'you declared a conflict'],
    ['decide', progress('no_conflict', false, false), 409, 'submit your own assessment'],
    ['decide', progress('no_conflict', true, false), 'ok', ''],
    ['decide', progress('no_conflict', true, true), 409, 'already decided'],
    ['decide', progress('no_conflict', true, false, 'consent_withdrawn'), 409, 'consent'],
  ])('%s with %o → %s', (step, state, expected, message) => {
    const error = thrown(() => assertArbiterMay(step, state));
    if (expected === 'ok') {
      expect(error).toBeNull();
      return;
    }
    expect(error).toBeInstanceOf(expected === 403 ? Forbidden : Conflict);
    expect((error as Error).message).toContain(message);
  });
});

describe('the arbitration in the written opinion', () => {
  const ARBITRATION: ArbitrationRecord = {
    arbiter: {
      userId: 'a1',
      displayName: 'Dr Ada Arbiter',
      specialty: 'medical_oncology',
      institution: 'Karolinska',
      credentials: { licences: [], boardCertifications: [] },
    },
    assessment: {
      diagnosis: 'Adenocarcinoma',
      stage: 'IIIA',
      recommendation: 'Chemoradiotherapy',
      alternatives: ['Surgery'],
      risks: 'Pneumonitis',
      pros: 'No surgery',
      cons: 'Six weeks',
    },
    outcome: 'second_opinion_upheld',
    rationale: 'N2 disease: definitive chemoradiotherapy',
    requestedAt: '2024-05-01T08:00:00.000Z',
    decidedAt: '2024-05-03T09:00:00.000Z',
  };
  const LATEST = {
    requestId: 'r1',
    concordance: { classification: 'treatment_changed', rationale: 'No surgery' },
    addenda: [],
  } as unknown as WrittenOpinionContent;

  it('adds the arbitration to the latest version and changes nothing else', () => {
    expect(arbitratedOpinion(LATEST, ARBITRATION)).toEqual({
      ...LATEST,
      arbitration: ARBITRATION,
    });
    expect(LATEST).not.toHaveProperty('arbitration');
  });

  it('refuses an opinion that already records an arbitration', () => {
    expect(() => arbitratedOpinion({ ...LATEST, arbitration: ARBITRATION }, ARBITRATION)).toThrow(
      'the opinion on request r1 already records an arbitration',
    );
  });

  it.each(ARBITRATION_OUTCOMES)('states the outcome %s in the revision reason', (outcome) => {
    expect(arbitrationRevisionReason(outcome)).toBe(
      `Arbitration by a third reviewer: ${ARBITRATION_OUTCOME_WORDS[outcome]}`,
    );
  });

  it('has words for every outcome, each its own', () => {
    expect(Object.keys(ARBITRATION_OUTCOME_WORDS).sort()).toEqual([...ARBITRATION_OUTCOMES].sort());
    expect(new Set(Object.values(ARBITRATION_OUTCOME_WORDS)).size).toBe(
      ARBITRATION_OUTCOMES.length,
    );
    expect(arbitrationRevisionReason('first_opinion_upheld')).toBe(
      'Arbitration by a third reviewer: the first opinion is upheld',
    );
  });
});
