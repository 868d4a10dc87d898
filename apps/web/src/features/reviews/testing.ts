import type { Schemas } from '../../api/types';
import { BOARD_ID, ME_ID } from '../../test/fixtures';
import { fakeServer, json, type Call } from '../../test/harness';
import type { ArbitrationView, MyReviewView, RecordChecklistView, ReviewView } from './queries';

/** Fixtures for the review screens (tests only); the account and fake server are in src/test. */

export const REQUEST_ID = '00000000-0000-4000-8000-0000000000e1';
export const PATHOLOGY_ID = '00000000-0000-4000-8000-0000000000f1';
export const LETTER_ID = '00000000-0000-4000-8000-0000000000f2';

/**
 * The first opinion, worded so that any trace of it on the page or in a request is easy to find.
 * Fixtures that the server would never send a blinded reader carry it anyway, to prove the
 * screen does not show it.
 */
export const FIRST_OPINION: Schemas['FirstOpinionRecord'] = {
  diagnosis: 'FIRST-DX squamous cell carcinoma',
  stage: 'FIRST-STAGE IIIA',
  proposedTreatment: 'FIRST-TX right pneumonectomy',
  institution: 'Lakeside Clinic',
  physician: 'Dr Ada First',
};

/** Every word of the first opinion that must not show before the assessment is in. */
export const FIRST_OPINION_MARKS = ['FIRST-DX', 'FIRST-STAGE', 'FIRST-TX'];

const clock: Schemas['TurnaroundClockView'] = {
  state: 'running',
  startedAt: '2026-11-02T09:00:00.000Z',
  stoppedAt: null,
  elapsedMs: 3 * 86_400_000,
  pausedMs: 0,
  pauses: [],
  targetMs: 10 * 86_400_000,
  status: 'on_track',
};

export function clockOf(
  overrides: Partial<Schemas['TurnaroundClockView']> = {},
): Schemas['TurnaroundClockView'] {
  return { ...clock, ...overrides };
}

/** The request as GET second-opinions/:id answers (with the first opinion, as to a coordinator). */
export function requestView(
  overrides: Partial<Schemas['SecondOpinionView']> = {},
): Schemas['SecondOpinionView'] {
  return {
    id: REQUEST_ID,
    boardId: BOARD_ID,
    type: 'treatment_plan',
    priority: 'routine',
    status: 'records_complete',
    patient: { reference: 'SO-2026-031', birthYear: 1961, sex: 'female' },
    preferredLanguage: 'es',
    country: 'ES',
    timezone: 'Europe/Madrid',
    question: 'Is surgery the right first treatment?',
    referrer: { name: 'Dr Ref', institution: 'Lakeside Clinic', email: 'ref@example.org' },
    firstOpinion: FIRST_OPINION,
    consent: {
      grantedBy: 'patient',
      grantedAt: '2026-10-30T10:00:00.000Z',
      scope: ['share_records', 'process_records'],
      withdrawnAt: null,
      withdrawalReason: null,
    },
    payer: { payer: 'Self', coverageVerified: true, authorizationNumber: null },
    receivedAt: '2026-10-30T10:00:00.000Z',
    createdBy: ME_ID,
    version: 1,
    followUpQuestionsAllowed: 2,
    panelCaseId: null,
    clock,
    ...overrides,
  };
}

const credentials: Schemas['ReviewerCredentials'] = {
  userId: ME_ID,
  displayName: 'Dana Coordinator',
  specialty: 'medical_oncology',
  institution: 'General Hospital',
  credentials: { licences: [], boardCertifications: [] },
};

export const MY_ASSESSMENT = {
  diagnosis: 'Adenocarcinoma of the right upper lobe',
  stage: 'cT2a cN1 M0, stage IIB',
  recommendation: 'Lobectomy with mediastinal lymph node dissection',
  alternatives: ['Stereotactic radiotherapy'],
  risks: 'Operative risk is moderate',
  pros: 'Curative intent',
  cons: 'Recovery takes weeks',
};

/** The caller's review; before the assessment, with the first opinion the server would withhold. */
export function reviewView(overrides: Partial<ReviewView> = {}): ReviewView {
  return {
    requestId: REQUEST_ID,
    reviewer: credentials,
    attestation: null,
    assessment: null,
    firstOpinion: FIRST_OPINION,
    concordance: null,
    ...overrides,
  };
}

export const submittedAssessment = {
  ...MY_ASSESSMENT,
  submittedAt: '2026-11-05T10:00:00.000Z',
};

/** A pathology report anyone cleared may open, and the referral letter withheld while blinded. */
export function checklist(blinded: boolean): RecordChecklistView {
  const record = {
    contentType: 'application/pdf',
    sizeBytes: 240_000,
    sha256: 'a'.repeat(64),
    receivedAt: '2026-11-01T09:00:00.000Z',
    uploadLinkId: null,
  };
  return {
    requestId: REQUEST_ID,
    complete: true,
    missing: [],
    items: [
      {
        kind: 'pathology_report',
        label: 'Pathology report',
        waiver: null,
        records: [
          {
            ...record,
            id: PATHOLOGY_ID,
            kind: 'pathology_report',
            title: 'Biopsy report',
            fileName: 'biopsy.pdf',
            withheld: false,
          },
        ],
      },
      {
        kind: 'clinical_note',
        label: 'Clinical summary or referral letter with the proposed treatment',
        waiver: null,
        records: [
          {
            ...record,
            id: LETTER_ID,
            kind: 'clinical_note',
            title: blinded ? 'Withheld until your own assessment is submitted' : 'Referral letter',
            fileName: blinded ? '' : 'letter.pdf',
            withheld: blinded,
          },
        ],
      },
    ],
  };
}

export const SECOND_OPINION: Schemas['DisputedSecondOpinion'] = {
  version: 1,
  conclusion: {
    diagnosis: 'SECOND-DX small cell carcinoma',
    stage: 'SECOND-STAGE limited',
    recommendation: 'SECOND-TX chemoradiotherapy',
    alternatives: [],
    risks: 'Toxicity',
    pros: 'Standard of care',
    cons: 'Long course',
  },
  concordance: { classification: 'diagnosis_changed', rationale: 'Histology reviewed again' },
  reviewMode: 'specialist',
};

export const SECOND_OPINION_MARKS = ['SECOND-DX', 'SECOND-STAGE', 'SECOND-TX'];

/** The arbitration; before the assessment, with the opinions the server would withhold. */
export function arbitrationView(overrides: Partial<ArbitrationView> = {}): ArbitrationView {
  return {
    requestId: REQUEST_ID,
    arbiter: credentials,
    reason: 'The second opinion changed the diagnosis',
    requestedBy: '00000000-0000-4000-8000-0000000000c5',
    requestedAt: '2026-11-20T09:00:00.000Z',
    attestation: null,
    assessment: null,
    firstOpinion: FIRST_OPINION,
    secondOpinion: SECOND_OPINION,
    decision: null,
    ...overrides,
  };
}

export function myReview(overrides: Partial<MyReviewView> = {}): MyReviewView {
  return {
    requestId: REQUEST_ID,
    boardId: BOARD_ID,
    boardName: 'Thoracic board',
    role: 'reviewer',
    type: 'treatment_plan',
    priority: 'routine',
    status: 'records_complete',
    patient: { reference: 'SO-2026-031', birthYear: 1961, sex: 'female' },
    question: 'Is surgery the right first treatment?',
    assignedAt: '2026-11-02T09:00:00.000Z',
    attestation: 'no_conflict',
    assessmentSubmittedAt: null,
    completedAt: null,
    clock,
    ...overrides,
  };
}

/** A fake server answering the request and its records checklist as the review stands. */
export function reviewServer() {
  return fakeServer()
    .on('GET', /^\/api\/v1\/second-opinions\/[^/]+$/, () => json(requestView()))
    .on(
      'GET',
      /^\/api\/v1\/second-opinions\/[^/]+\/records\/[^/]+\/file$/,
      () =>
        new Response(new Blob(['%PDF-1.7'], { type: 'application/pdf' }), {
          status: 200,
          headers: { 'content-type': 'application/pdf' },
        }),
    );
}

/** Every distinct request made, as "METHOD path" with the request's id as `:id`, sorted. */
export function requestsMade(calls: Call[]): string[] {
  return [
    ...new Set(calls.map((call) => `${call.method} ${call.path.replaceAll(REQUEST_ID, ':id')}`)),
  ].sort();
}
