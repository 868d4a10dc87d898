import type { BoardMemberView, CaseDetailView } from '../../api/types';
import { BOARD_ID, ME_ID, OTHER_ID } from '../../test/fixtures';

/** Fixtures for the cases screens (tests only); the account, board and fake server are in src/test. */

export const CASE_ID = '00000000-0000-4000-8000-0000000000d1';

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
    userId: OTHER_ID,
    displayName: 'Sam Presenter',
    email: 'presenter@example.org',
    specialty: 'surgical_oncology',
    institution: 'General Hospital',
    role: 'presenter',
    votingRight: true,
    addedAt: '2026-01-01T00:00:00.000Z',
  },
];

export function caseDetail(overrides: Partial<CaseDetailView> = {}): CaseDetailView {
  return {
    id: CASE_ID,
    boardId: BOARD_ID,
    patientRef: 'THX-2026-014',
    status: 'draft',
    priority: 'routine',
    dueDate: '2026-12-15',
    presenterId: OTHER_ID,
    primarySite: 'Right upper lobe, lung',
    updatedAt: '2026-11-02T09:00:00.000Z',
    mrn: '00123456',
    birthYear: 1961,
    sex: 'female',
    referral: { type: 'internal' },
    diagnosis: { primarySite: 'Right upper lobe, lung', icd10: 'C34.1' },
    staging: null,
    biomarkers: [],
    ecog: 1,
    question: 'Neoadjuvant chemo-immunotherapy?',
    clinicalSummary: 'First summary.',
    firstTreatment: null,
    conflicts: [],
    records: [],
    preparationRequests: [],
    readiness: { caseId: CASE_ID, ready: false, items: [], missing: [] },
    createdAt: '2026-11-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  } as CaseDetailView;
}
