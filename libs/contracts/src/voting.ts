import { BoardRole, Specialty } from './enums';
import { Biomarker, CaseDiagnosis, PatientSex, StagingView } from './cases';

export type TreatmentIntent = 'curative' | 'palliative';

export const TREATMENT_MODALITIES = [
  'surgery',
  'radiotherapy',
  'systemic_therapy',
  'active_surveillance',
  'best_supportive_care',
  'clinical_trial',
] as const;
export type TreatmentModality = (typeof TREATMENT_MODALITIES)[number];

/** A proposed recommendation: free text plus the structure the record and FHIR need. */
export interface ProposedRecommendation {
  text: string;
  intent: TreatmentIntent;
  /** In the order they are to be given. */
  modalities: TreatmentModality[];
  /** Free-text sequencing, e.g. "neoadjuvant chemo-immunotherapy ×3, then lobectomy". */
  sequence: string | null;
}

export interface VoteOptionView extends ProposedRecommendation {
  id: string;
}

export interface Share {
  votes: number;
  of: number;
}

export type VoteOutcomeView =
  | { kind: 'no_quorum' }
  | { kind: 'consensus'; optionId: string; decidedBy: 'vote' | 'casting_vote' }
  | { kind: 'no_consensus'; reason: 'all_abstained' | 'below_threshold' }
  | { kind: 'no_consensus'; reason: 'tie'; tiedOptionIds: string[] };

export interface VoteTallyView {
  options: Array<{ optionId: string; votes: number; share: Share }>;
  abstentions: number;
  ballotsCounted: number;
  eligibleCount: number;
  turnout: Share;
  quorum: { met: boolean; counted: number; required: number };
  bySpecialty: Array<{
    specialty: Specialty;
    eligible: number;
    votes: Array<{ optionId: string; votes: number }>;
    abstentions: number;
  }>;
}

export interface BallotView {
  voterId: string;
  displayName: string;
  specialty: Specialty;
  /** null: abstention. */
  optionId: string | null;
  comment: string | null;
  castAt: string;
  /** How many times the voter changed their ballot before close. */
  changes: number;
}

export interface MinorityOpinionView {
  userId: string;
  displayName: string;
  specialty: Specialty;
  text: string;
  recordedAt: string;
}

export interface VoteView {
  id: string;
  caseId: string;
  boardId: string;
  meetingId: string | null;
  round: number;
  mode: 'live' | 'async';
  status: 'open' | 'closed';
  question: string;
  options: VoteOptionView[];
  blind: boolean;
  deadline: string | null;
  openedBy: string;
  openedAt: string;
  closedAt: string | null;
  closeReason: 'chair' | 'all_voted' | 'deadline' | null;
  eligible: Array<{ userId: string; displayName: string; specialty: Specialty }>;
  /** The only live figure while a blind vote is open. */
  ballotsReceived: number;
  /** The caller's own current ballot, if they are eligible and have voted. */
  myBallot: { optionId: string | null; comment: string | null; castAt: string } | null;
  /** After a vote without consensus, the chair may refer the case for an external (third) opinion. */
  externalReferral: {
    institution: string;
    reason: string;
    referredBy: string;
    referredAt: string;
  } | null;
  /** After close (or, for an open vote that is not blind, the running tally). */
  results: {
    outcome: VoteOutcomeView | null;
    tally: VoteTallyView;
    ballots: BallotView[];
    minorityOpinions: MinorityOpinionView[];
  } | null;
}

/** What casting a ballot returns: never anyone's choice, only how many have voted. */
export interface BallotReceiptView {
  voteId: string;
  ballotsReceived: number;
  eligibleCount: number;
  /** True when this submission had already been recorded (a retry). */
  duplicate: boolean;
  /** True when this ballot was the last one missing and closed the vote. */
  closed: boolean;
}

/** Told to the meeting when a vote opens on its focused case. */
export interface VoteAnnouncement {
  voteId: string;
  meetingId: string;
  caseId: string;
  round: number;
  question: string;
  options: VoteOptionView[];
  blind: boolean;
  eligibleCount: number;
}

export interface GuidelineReference {
  /** Free-text citation, e.g. "NCCN NSCLC v3.2026, NSCL-7". */
  citation: string;
  /** e.g. NCCN "1", "2A", ESMO "I, A". */
  evidenceCategory: string;
}

export interface TrialReferral {
  /** ClinicalTrials.gov identifier, NCT + 8 digits. */
  nctId: string;
  title: string | null;
}

/** What the chair signs: the editable part of a recommendation. */
export interface RecommendationContent {
  recommendation: ProposedRecommendation;
  rationale: string;
  guidelineReferences: GuidelineReference[];
  trialReferrals: TrialReferral[];
}

export type RecommendationStatus = 'draft' | 'signed' | 'published';

export interface RecommendationView {
  id: string;
  caseId: string;
  boardId: string;
  voteId: string | null;
  version: number;
  previousVersionId: string | null;
  amendmentReason: string | null;
  status: RecommendationStatus;
  content: RecommendationContent;
  /** How the panel decided, frozen when the recommendation was drafted. */
  decision: {
    decidedBy: 'vote' | 'casting_vote';
    tally: VoteTallyView;
    minorityOpinions: MinorityOpinionView[];
  } | null;
  /** The case's shared notes as they were when the recommendation was drafted. */
  notesSnapshot: { text: string; sha256: string };
  /** SHA-256 of the canonical JSON of content, decision and notes hash: what is signed. */
  contentHash: string;
  signature: {
    signerId: string;
    signerName: string;
    signedAt: string;
    contentHash: string;
    /** HMAC-SHA256 over contentHash, signer and time with the server's signing key. */
    value: string;
  } | null;
  createdBy: string;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
  /** The newer version that amends this one, if any. */
  supersededBy: string | null;
}

/** Everything the PDF report and the FHIR bundle are built from. */
export interface RecommendationReport {
  recommendation: RecommendationView;
  board: { id: string; name: string; institution: string };
  meeting: { id: string; title: string; startsAt: string; timezone: string } | null;
  participants: Array<{
    userId: string;
    displayName: string;
    specialty: Specialty;
    role: BoardRole;
  }>;
  patient: {
    /** Pseudonym: the case's patient reference, never the MRN. */
    reference: string;
    birthYear: number;
    sex: PatientSex;
  };
  case: {
    id: string;
    diagnosis: CaseDiagnosis;
    staging: StagingView | null;
    biomarkers: Biomarker[];
    ecog: number | null;
    question: string;
    clinicalSummary: string;
  };
  /** The options as voted on, to name the winner and the minority's choices. */
  options: VoteOptionView[];
  /** When the report was generated (the publication time): fixed so the PDF is reproducible. */
  generatedAt: string;
}
