import { PatientSex } from './cases';

export type SecondOpinionType =
  'diagnosis_review' | 'treatment_plan' | 'pathology_review' | 'imaging_review';

export type SecondOpinionPriority = 'routine' | 'urgent';

export type SecondOpinionStatus = 'awaiting_records' | 'consent_withdrawn';

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
}
