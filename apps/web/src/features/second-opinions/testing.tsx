import type { BoardMemberView } from '../../api/types';
import { BOARD_ID, ME_ID, OTHER_ID } from '../../test/fixtures';
import type {
  RecordChecklistView,
  ReviewerProgressView,
  SecondOpinionView,
  WrittenOpinionView,
} from './queries';

/** Fixtures for the second-opinion screens (tests only); the account, board and fake server are in src/test. */

export const REQUEST_ID = '00000000-0000-4000-8000-0000000000e1';
export const REVIEWER_ID = '00000000-0000-4000-8000-0000000000c3';
export const BASEL_ID = '00000000-0000-4000-8000-0000000000c4';

const DAY = 24 * 3_600_000;

export const members: BoardMemberView[] = [
  {
    userId: ME_ID,
    displayName: 'Dana Coordinator',
    email: 'coordinator@example.org',
    specialty: 'medical_oncology',
    institution: 'General Hospital',
    role: 'coordinator',
    votingRight: false,
    addedAt: '2026-01-01T00:00:00.000Z',
  },
  {
    userId: REVIEWER_ID,
    displayName: 'Dr Ada Okafor',
    email: 'okafor@example.org',
    specialty: 'radiation_oncology',
    institution: 'Karolinska University Hospital',
    role: 'panelist',
    votingRight: true,
    addedAt: '2026-01-01T00:00:00.000Z',
  },
  {
    userId: BASEL_ID,
    displayName: 'Dr Lukas Meier',
    email: 'meier@example.org',
    specialty: 'surgical_oncology',
    institution: 'Univ. Hosp. Basel',
    role: 'panelist',
    votingRight: true,
    addedAt: '2026-01-01T00:00:00.000Z',
  },
  {
    userId: OTHER_ID,
    displayName: 'Olive Observer',
    email: 'observer@example.org',
    specialty: 'other',
    institution: 'General Hospital',
    role: 'observer',
    votingRight: false,
    addedAt: '2026-01-01T00:00:00.000Z',
  },
];

export function clockOf(
  overrides: Partial<SecondOpinionView['clock']> = {},
): SecondOpinionView['clock'] {
  return {
    state: 'running',
    startedAt: '2026-11-02T09:00:00.000Z',
    stoppedAt: null,
    elapsedMs: 2 * DAY + 4 * 3_600_000,
    pausedMs: 0,
    pauses: [],
    targetMs: 10 * DAY,
    status: 'on_track',
    ...overrides,
  };
}

export function request(overrides: Partial<SecondOpinionView> = {}): SecondOpinionView {
  return {
    id: REQUEST_ID,
    boardId: BOARD_ID,
    type: 'treatment_plan',
    priority: 'routine',
    status: 'records_complete',
    patient: { reference: 'SO-PT-0042', birthYear: 1961, sex: 'female' },
    preferredLanguage: 'es',
    country: 'ES',
    timezone: 'Europe/Madrid',
    question: 'Is surgery the best first treatment?',
    referrer: {
      name: 'Dr M. Rossi',
      institution: 'Hospital del Mar',
      email: 'm.rossi@hospital.example',
    },
    firstOpinion: {
      diagnosis: 'Adenocarcinoma of the right upper lobe',
      stage: 'cT2aN2M0, stage IIIA',
      proposedTreatment: 'Lobectomy, then adjuvant chemotherapy',
      institution: 'University Hospital Basel',
      physician: 'Dr K. Weber',
    },
    consent: {
      grantedBy: 'patient',
      grantedAt: '2026-11-01T10:00:00.000Z',
      scope: ['share_records', 'process_records'],
      withdrawnAt: null,
      withdrawalReason: null,
    },
    payer: { payer: 'Self-pay', coverageVerified: true, authorizationNumber: null },
    receivedAt: '2026-11-01T10:30:00.000Z',
    createdBy: ME_ID,
    version: 1,
    followUpQuestionsAllowed: 3,
    panelCaseId: null,
    clock: clockOf(),
    ...overrides,
  } as SecondOpinionView;
}

export function checklist(overrides: Partial<RecordChecklistView> = {}): RecordChecklistView {
  return {
    requestId: REQUEST_ID,
    complete: false,
    items: [
      {
        kind: 'pathology_report',
        label: 'Pathology report',
        records: [
          {
            id: '00000000-0000-4000-8000-0000000000f1',
            kind: 'pathology_report',
            title: 'EBUS-TBNA station 4R',
            fileName: 'pathology.pdf',
            contentType: 'application/pdf',
            sizeBytes: 120_000,
            sha256: 'a'.repeat(64),
            receivedAt: '2026-11-02T09:00:00.000Z',
            uploadLinkId: '00000000-0000-4000-8000-0000000000f9',
            withheld: false,
          },
        ],
        waiver: null,
      },
      { kind: 'radiology_report', label: 'Radiology report(s)', records: [], waiver: null },
      {
        kind: 'clinical_note',
        label: 'Clinical summary or referral letter with the proposed treatment',
        records: [],
        waiver: null,
      },
    ],
    missing: [
      'Radiology report(s)',
      'Clinical summary or referral letter with the proposed treatment',
    ],
    ...overrides,
  };
}

export function reviewer(overrides: Partial<ReviewerProgressView> = {}): ReviewerProgressView {
  return {
    userId: REVIEWER_ID,
    displayName: 'Dr Ada Okafor',
    specialty: 'radiation_oncology',
    institution: 'Karolinska University Hospital',
    assignedAt: '2026-11-02T10:00:00.000Z',
    attestation: 'no_conflict',
    attestedAt: '2026-11-02T11:00:00.000Z',
    assessmentSubmittedAt: '2026-11-03T11:00:00.000Z',
    concordance: 'treatment_changed',
    ...overrides,
  } as ReviewerProgressView;
}

export function opinion(overrides: Partial<WrittenOpinionView> = {}): WrittenOpinionView {
  const facts = request();
  return {
    requestId: REQUEST_ID,
    version: 1,
    issuedAt: '2026-11-05T09:00:00.000Z',
    issuedBy: ME_ID,
    revisionReason: null,
    contentSha256: 'b'.repeat(64),
    content: {
      requestId: REQUEST_ID,
      boardName: 'Thoracic board',
      type: facts.type,
      priority: facts.priority,
      patient: facts.patient,
      preferredLanguage: facts.preferredLanguage,
      question: facts.question,
      referrer: facts.referrer,
      firstOpinion: { ...facts.firstOpinion!, stage: facts.firstOpinion!.stage ?? null },
      conclusion: {
        diagnosis: 'Adenocarcinoma of the right upper lobe, N2 disease',
        stage: 'cT2aN2M0, stage IIIA',
        recommendation: 'Definitive chemoradiotherapy, then durvalumab',
        alternatives: ['Neoadjuvant chemo-immunotherapy, then surgery'],
        risks: 'Pneumonitis',
        pros: 'Treats the mediastinal disease',
        cons: 'Seven weeks of daily visits',
      },
      concordance: {
        classification: 'treatment_changed',
        rationale: 'N2 disease: not surgery first',
      },
      reviewMode: 'specialist',
      panelDecision: null,
      reviewers: [
        {
          userId: REVIEWER_ID,
          displayName: 'Dr Ada Okafor',
          specialty: 'radiation_oncology',
          institution: 'Karolinska University Hospital',
          credentials: { licences: [], boardCertifications: [] },
        },
      ],
      patientSummary: 'Le recomendamos quimiorradioterapia en lugar de cirugía primero.',
      addenda: [],
    },
    ...overrides,
  } as WrittenOpinionView;
}
