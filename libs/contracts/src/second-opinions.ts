import { PatientSex } from './cases';
import { ProfessionalCredentials } from './auth';

export type SecondOpinionType =
  'diagnosis_review' | 'treatment_plan' | 'pathology_review' | 'imaging_review';

export type SecondOpinionPriority = 'routine' | 'urgent';

export type SecondOpinionStatus =
  'awaiting_records' | 'records_complete' | 'opinion_delivered' | 'consent_withdrawn';

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
  /** Follow-up questions the referrer may ask after delivery. */
  followUpQuestionsAllowed: number;
  /** The board case holding the panel's vote, once the request goes to a panel. */
  panelCaseId: string | null;
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
  /**
   * True for a reviewer still blinded to the first opinion when the record may state it (the
   * referral letter): its title and file name are hidden and it cannot be downloaded yet.
   */
  withheld: boolean;
}

export interface RecordChecklistView {
  requestId: string;
  complete: boolean;
  items: Array<{
    kind: string;
    label: string;
    records: SecondOpinionRecordView[];
    /** A coordinator's decision to go ahead without this record (it does not exist, or cannot be had). */
    waiver: { reason: string; waivedBy: string; waivedAt: string } | null;
  }>;
  /** Labels of the required records still missing (neither received nor waived). */
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

/**
 * How the second opinion compares with the first, as classified by the reviewer once their
 * independent assessment is submitted and the first opinion revealed:
 * - `confirmed`: same diagnosis, same treatment;
 * - `clarified`: same diagnosis and treatment in substance, with detail added or made precise
 *   (e.g. a stage subgroup, a margin, a dose, the order of two modalities);
 * - `treatment_changed`: the diagnosis stands but a materially different treatment is
 *   recommended (another modality, intent or sequence, or surveillance instead of treatment);
 * - `diagnosis_changed`: another diagnosis (tumour type, primary site, or a stage that changes
 *   management). When both diagnosis and treatment change, this class is the one to record.
 *
 * Every class, most severe first: the order the quality metrics list them in.
 */
export const CONCORDANCE_CLASSES_BY_SEVERITY: readonly ConcordanceClassName[] = Object.freeze([
  'diagnosis_changed',
  'treatment_changed',
  'clarified',
  'confirmed',
]);

export interface ReviewView {
  requestId: string;
  reviewer: {
    userId: string;
    displayName: string;
    specialty: string;
    institution: string;
    credentials: ProfessionalCredentials;
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

/** Who reviewed: their credentials travel with the written opinion. */
export interface ReviewerCredentials {
  userId: string;
  displayName: string;
  specialty: string;
  institution: string;
  credentials: ProfessionalCredentials;
}

/** How the panel decided, when the request went to a board's panel rather than one specialist. */
export interface PanelDecisionRecord {
  voteId: string;
  round: number;
  outcome: 'consensus';
  /** The option the panel agreed on: the opinion's recommendation. */
  decidedOption: string;
  votesFor: number;
  eligible: number;
  closedAt: string;
}

/** A follow-up question from the referrer and its answer, printed as an addendum. */
export interface OpinionAddendum {
  number: number;
  question: string;
  askedAt: string;
  answer: string;
  answeredAt: string;
  answeredBy: { displayName: string; specialty: string };
}

/** What a written second opinion says; each version is frozen once issued. */
export interface WrittenOpinionContent {
  requestId: string;
  boardName: string;
  type: SecondOpinionType;
  priority: SecondOpinionPriority;
  patient: { reference: string; birthYear: number; sex: PatientSex };
  preferredLanguage: string;
  question: string;
  referrer: { name: string; institution: string; email: string };
  firstOpinion: FirstOpinionRecord;
  /** The opinion itself: the reviewers' conclusion. */
  conclusion: IndependentAssessment;
  concordance: { classification: ConcordanceClassName; rationale: string | null };
  reviewMode: 'specialist' | 'panel';
  panelDecision: PanelDecisionRecord | null;
  reviewers: ReviewerCredentials[];
  /** The same opinion in plain words for the patient, written in their preferred language. */
  patientSummary: string;
  addenda: OpinionAddendum[];
  /** A third reviewer's arbitration, when the opinion was disputed (from the version that records it). */
  arbitration?: ArbitrationRecord;
}

export interface WrittenOpinionView {
  requestId: string;
  version: number;
  issuedAt: string;
  issuedBy: string;
  /** Why this version replaces the previous one (null on the first). */
  revisionReason: string | null;
  /** SHA-256 of the content as canonical JSON. */
  contentSha256: string;
  content: WrittenOpinionContent;
}

export interface FollowUpQuestionView {
  id: string;
  number: number;
  question: string;
  askedVia: 'referrer_link' | 'coordinator';
  askedAt: string;
  answer: string | null;
  answeredAt: string | null;
  answeredInVersion: number | null;
}

export interface ConsultationView {
  id: string;
  startsAt: string;
  durationMinutes: number;
  location: string;
  /** The start in the patient's own time zone, for the invitation. */
  patientLocalStart: string;
  timezone: string;
  sequence: number;
  cancelledAt: string | null;
}

/** A reviewer as the referrer's page names them: no account id, no licence numbers. */
export interface ReferrerReviewer {
  displayName: string;
  specialty: string;
  institution: string;
}

/**
 * The latest version's opinion as the referrer reads it on the page (its PDFs stay the formal
 * documents). Neither the first opinion, which the referrer wrote, nor ids or credentials.
 */
export interface ReferrerOpinionContent {
  version: number;
  issuedAt: string;
  /** The reviewers' conclusion, in the words they wrote it. */
  conclusion: IndependentAssessment;
  concordance: ConcordanceClassName;
  /** The opinion in plain words for the patient, in the request's preferred language. */
  patientSummary: string;
  reviewMode: 'specialist' | 'panel';
  reviewers: ReferrerReviewer[];
  /** A third reviewer's arbitration, once one has been decided. */
  arbitration: {
    outcome: ArbitrationOutcome;
    arbiter: ReferrerReviewer;
    assessment: IndependentAssessment;
    rationale: string;
  } | null;
}

/** What the referrer sees through the link sent with the delivered opinion (no account needed). */
export interface ReferrerOpinionView {
  boardName: string;
  patientReference: string;
  /** The patient's language (BCP 47), the one the patient summary is written in. */
  preferredLanguage: string;
  linkExpiresAt: string;
  /** The latest version's opinion. */
  opinion: ReferrerOpinionContent;
  versions: Array<{
    version: number;
    issuedAt: string;
    revisionReason: string | null;
    /**
     * On the version that issued an arbitration's decision, its outcome (the referrer's page says
     * it in the reader's language rather than the English `revisionReason`); otherwise null.
     */
    arbitrationOutcome: ArbitrationOutcome | null;
  }>;
  questions: FollowUpQuestionView[];
  questionsAllowed: number;
  questionsRemaining: number;
  consultation: ConsultationView | null;
}

/** The referrer's link to a delivered opinion: shown once, in the answer that creates it. */
export interface ReferrerLinkView {
  url: string;
  expiresAt: string;
}

/** What delivering an opinion answers: its first version and the referrer's link. */
export interface DeliveredOpinionView {
  opinion: WrittenOpinionView;
  referrerLink: ReferrerLinkView;
}

/** What the referrer sees on opening an upload link: the record asked for. */
export interface UploadLinkRequestView {
  kind: string;
  label: string;
  expiresAt: string;
}

/** What the caller reviews: a request's reviewer, or its arbiter. */
export type ReviewRole = 'reviewer' | 'arbiter';

/** A request in the caller's own review worklist (never with the first opinion). */
export interface MyReviewView {
  requestId: string;
  boardId: string;
  boardName: string;
  role: ReviewRole;
  type: SecondOpinionType;
  priority: SecondOpinionPriority;
  status: SecondOpinionStatus;
  patient: { reference: string; birthYear: number; sex: PatientSex };
  question: string;
  assignedAt: string;
  attestation: 'no_conflict' | 'conflict_declared' | null;
  assessmentSubmittedAt: string | null;
  /** When the caller's part was done: a reviewer's concordance classified, an arbiter's decision. */
  completedAt: string | null;
  clock: TurnaroundClockView;
}

/** A reviewer's progress on a request, as the coordinators follow it. */
export interface ReviewerProgressView {
  userId: string;
  displayName: string;
  specialty: string;
  institution: string;
  assignedAt: string;
  attestation: 'no_conflict' | 'conflict_declared' | null;
  attestedAt: string | null;
  assessmentSubmittedAt: string | null;
  concordance: ConcordanceClassName | null;
}

/**
 * How a third reviewer (the arbiter) settles a disputed opinion:
 * - `second_opinion_upheld`: the second opinion stands;
 * - `first_opinion_upheld`: the first opinion stands;
 * - `neither_upheld`: the arbiter's own assessment is the one to follow.
 */
export type ArbitrationOutcome =
  'second_opinion_upheld' | 'first_opinion_upheld' | 'neither_upheld';

/** Every arbitration outcome, in the order the quality metrics list them. */
export const ARBITRATION_OUTCOMES: readonly ArbitrationOutcome[] = Object.freeze([
  'second_opinion_upheld',
  'first_opinion_upheld',
  'neither_upheld',
]);

/** The arbitration as the written opinion prints it. */
export interface ArbitrationRecord {
  arbiter: ReviewerCredentials;
  assessment: IndependentAssessment;
  outcome: ArbitrationOutcome;
  rationale: string;
  requestedAt: string;
  decidedAt: string;
}

/** The second opinion the arbiter weighs, once their own assessment is in. */
export interface DisputedSecondOpinion {
  /** The written opinion's version the arbitration was asked on. */
  version: number;
  conclusion: IndependentAssessment;
  concordance: { classification: ConcordanceClassName; rationale: string | null };
  reviewMode: 'specialist' | 'panel';
}

/**
 * A third reviewer's arbitration of a delivered opinion that changed the diagnosis or the
 * treatment. The arbiter sees neither earlier opinion until their own assessment is submitted;
 * coordinators see everything.
 */
export interface ArbitrationView {
  requestId: string;
  arbiter: ReviewerCredentials;
  /**
   * Why the coordinators asked for it: it may name the earlier opinions, so the arbiter sees it
   * only once their own assessment is in, like them.
   */
  reason?: string;
  requestedBy: string;
  requestedAt: string;
  attestation: 'no_conflict' | 'conflict_declared' | null;
  assessment: (IndependentAssessment & { submittedAt: string }) | null;
  firstOpinion?: FirstOpinionRecord;
  secondOpinion?: DisputedSecondOpinion;
  decision: {
    outcome: ArbitrationOutcome;
    rationale: string;
    decidedAt: string;
    /** The written opinion's version that records the arbitration. */
    issuedVersion: number;
  } | null;
}
