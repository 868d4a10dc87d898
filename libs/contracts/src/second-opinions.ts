import { PatientSex } from './cases';

export type SecondOpinionType =
  'diagnosis_review' | 'treatment_plan' | 'pathology_review' | 'imaging_review';

export type SecondOpinionPriority = 'routine' | 'urgent';

export type SecondOpinionStatus = 'awaiting_records' | 'records_complete' | 'consent_withdrawn';

/** What the first team concluded; hidden from reviewers until their own assessment is in. */
export interface FirstOpinionRecord {
  diagnosis: string;
  stage: string | null;
  proposedTreatment: string;
  institution: string;
  physician: string;
}

export type ConsentScope = 'share_records' | 'process_records' | 'international_transfer';

export interface ConsentRecord {
  grantedBy: 'patient' | 'legal_representative';
  grantedAt: string;
  scope: ConsentScope[];
  withdrawnAt: string | null;
  withdrawalReason: string | null;
}

export interface PayerRecord {
  payer: string;
  coverageVerified: boolean;
  authorizationNumber: string | null;
}

export interface SecondOpinionView {
  id: string;
  boardId: string;
  type: SecondOpinionType;
  priority: SecondOpinionPriority;
  status: SecondOpinionStatus;
  patient: { reference: string; birthYear: number; sex: PatientSex };
  preferredLanguage: string;
  country: string;
  timezone: string;
  question: string;
  referrer: { name: string; institution: string; email: string };
  /** Present for coordinators; reviewers see it only after submitting their assessment. */
  firstOpinion?: FirstOpinionRecord;
  consent: ConsentRecord;
  payer: PayerRecord;
  receivedAt: string;
  createdBy: string;
  version: number;
  /** Turnaround from "records complete" to "opinion delivered", paused while records are awaited. */
  clock: TurnaroundClockView;
}

export interface TurnaroundClockView {
  state: 'not_started' | 'running' | 'paused' | 'stopped';
  startedAt: string | null;
  stoppedAt: string | null;
  elapsedMs: number;
  pausedMs: number;
  pauses: Array<{ from: string; to: string | null }>;
  /** The target for the request's priority. */
  targetMs: number;
  status: 'on_track' | 'at_risk' | 'breached';
}

export interface SecondOpinionRecordView {
  id: string;
  kind: string;
  title: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  receivedAt: string;
  /** Uploaded by the referrer through a link (null: added by a coordinator). */
  uploadLinkId: string | null;
}

export interface RecordChecklistView {
  requestId: string;
  complete: boolean;
  items: Array<{ kind: string; label: string; records: SecondOpinionRecordView[] }>;
  /** Labels of the required records still missing. */
  missing: string[];
}

export interface UploadLinkView {
  id: string;
  kind: string;
  expiresAt: string;
  /** Shown once, when the link is created: send it to the referrer. */
  url?: string;
}

/** The reviewer's own view, recorded before the first opinion is shown to them. */
export interface IndependentAssessment {
  diagnosis: string;
  stage: string | null;
  recommendation: string;
  /** Alternatives considered, including non-surgical ones. */
  alternatives: string[];
  risks: string;
  pros: string;
  cons: string;
}

export type ConcordanceClassName =
  'confirmed' | 'clarified' | 'diagnosis_changed' | 'treatment_changed';

export interface ReviewView {
  requestId: string;
  reviewer: {
    userId: string;
    displayName: string;
    specialty: string;
    institution: string;
    credentials: object;
  };
  attestation: 'no_conflict' | 'conflict_declared' | null;
  assessment: (IndependentAssessment & { submittedAt: string }) | null;
  /** Shown to the reviewer only once their assessment is submitted. */
  firstOpinion?: FirstOpinionRecord;
  concordance: {
    classification: ConcordanceClassName;
    rationale: string | null;
    classifiedAt: string;
  } | null;
}
