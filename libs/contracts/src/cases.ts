import { PreparationRequestView } from './preparation';

export type PatientSex = 'female' | 'male' | 'other' | 'unknown';
export type CasePriority = 'routine' | 'urgent' | 'emergent';

export interface FirstOpinion {
  diagnosis: string;
  recommendation: string;
}

export interface CaseReferral {
  type: 'internal' | 'external_second_opinion';
  referringPhysician?: string;
  referringInstitution?: string;
  /** For an external second opinion: what the first team concluded. */
  firstOpinion?: FirstOpinion;
}

export interface CaseDiagnosis {
  primarySite?: string;
  histology?: string;
  icd10?: string;
  icdO3Topography?: string;
  icdO3Morphology?: string;
  diagnosedOn?: string;
  laterality?: 'left' | 'right' | 'bilateral' | 'not_applicable';
}

export interface Biomarker {
  name: string;
  result: string;
  method?: string;
}

/**
 * AJCC TNM staging values the server accepts. Categories are stored without their c/p/yc/yp
 * prefix: whether a stage is clinical or pathological is given by where it is recorded.
 */
export type AjccEdition = 7 | 8 | 9;

export const AJCC_EDITIONS: readonly AjccEdition[] = [7, 8, 9];

// prettier-ignore
export const T_CATEGORIES: readonly string[] = [
  'TX', 'T0', 'Tis', 'Tis(DCIS)', 'Tis(Paget)', 'T1mi',
  'T1', 'T1a', 'T1a1', 'T1a2', 'T1b', 'T1b1', 'T1b2', 'T1c', 'T1d',
  'T2', 'T2a', 'T2b', 'T2c', 'T2d',
  'T3', 'T3a', 'T3b', 'T3c', 'T3d', 'T3e',
  'T4', 'T4a', 'T4b', 'T4c', 'T4d', 'T4e',
];

// prettier-ignore
export const N_CATEGORIES: readonly string[] = [
  'NX', 'N0', 'N0(i+)', 'N0(mol+)',
  'N1', 'N1mi', 'N1a', 'N1b', 'N1c',
  'N2', 'N2a', 'N2b', 'N2c',
  'N3', 'N3a', 'N3b', 'N3c',
];

export const M_CATEGORIES: readonly string[] = ['M0', 'M0(i+)', 'M1', 'M1a', 'M1b', 'M1c', 'M1d'];

// prettier-ignore
export const STAGE_GROUPS: readonly string[] = [
  '0', '0is', 'occult',
  'I', 'IA', 'IA1', 'IA2', 'IA3', 'IB', 'IB1', 'IB2', 'IC',
  'II', 'IIA', 'IIA1', 'IIA2', 'IIB', 'IIC',
  'III', 'IIIA', 'IIIB', 'IIIC', 'IIIC1', 'IIIC2', 'IIID',
  'IV', 'IVA', 'IVB', 'IVC',
];

export interface TnmView {
  t?: string;
  n?: string;
  m?: string;
  stageGroup?: string;
}

export interface StagingView {
  edition: number;
  clinical?: TnmView;
  pathological?: TnmView;
}

/**
 * Whether the patient's first cancer-directed treatment (surgery, systemic therapy, radiotherapy
 * and the like, whatever the board recommended) has begun: not yet, or on a date, the local date
 * where it was given (YYYY-MM-DD). On a case, null stands for not recorded.
 */
export type CaseFirstTreatment =
  { status: 'not_started' } | { status: 'started'; startedOn: string };

export type CaseFirstTreatmentStatus = CaseFirstTreatment['status'];

export interface DicomReference {
  studyInstanceUid: string;
  /** The study's main modality (DICOM code: CT, MR, PT…). */
  modality: string;
  /** DICOMweb study URL or a viewer deep link. */
  url?: string;
  /**
   * The configured DICOMweb source (`GET /imaging/sources`) the study was linked from; the server
   * reads its images there. Absent on references entered by hand: the default source.
   */
  sourceId?: string;
  /** Every modality in the study, as the PACS lists them. */
  modalities?: string[];
  /** The study description, as the PACS holds it. */
  description?: string;
  /** The study date (YYYY-MM-DD). */
  studyDate?: string;
  accessionNumber?: string;
  seriesCount?: number;
  instanceCount?: number;
}

export type CaseStatusName =
  | 'draft'
  | 'ready'
  | 'scheduled'
  | 'discussed'
  | 'recommendation_published'
  | 'deferred'
  | 'withdrawn';

export interface CaseSummaryView {
  id: string;
  boardId: string;
  patientRef: string;
  status: CaseStatusName;
  priority: CasePriority;
  dueDate: string | null;
  presenterId: string | null;
  primarySite: string | null;
  updatedAt: string;
}

export interface ConflictView {
  userId: string;
  displayName: string;
  reason: string;
  declaredAt: string;
}

export interface CaseRecordView {
  id: string;
  caseId: string;
  kind: string;
  title: string;
  recordDate: string | null;
  source: string;
  dicom: DicomReference | null;
  file: {
    name: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
    downloadUrl: string;
  } | null;
  createdAt: string;
}

export interface ReadinessItemView {
  label: string;
  met: boolean;
  detail?: string;
  /** Set when the item is a preparation request rather than a checklist criterion. */
  preparationRequestId?: string;
}

export interface ReadinessView {
  caseId: string;
  ready: boolean;
  items: ReadinessItemView[];
  missing: string[];
}

export interface CaseDetailView extends CaseSummaryView {
  /** Present only for roles that need it (coordinator, the case's presenter, admin). */
  mrn?: string | null;
  birthYear: number;
  sex: PatientSex;
  referral: CaseReferral;
  diagnosis: CaseDiagnosis;
  staging: StagingView | null;
  biomarkers: Biomarker[];
  ecog: number | null;
  question: string;
  clinicalSummary: string;
  /** Null: not recorded. */
  firstTreatment: CaseFirstTreatment | null;
  conflicts: ConflictView[];
  records: CaseRecordView[];
  /** Every preparation request on the case (open, done and cancelled), oldest first. */
  preparationRequests: PreparationRequestView[];
  readiness: ReadinessView;
  createdAt: string;
  version: number;
}

export interface AgendaItemView {
  id: string;
  meetingId: string;
  caseId: string;
  patientRef: string;
  position: number | null;
  minutesAllotted: number;
  presenterId: string;
  status: 'pending' | 'in_discussion' | 'discussed' | 'deferred';
  overrideReason: string | null;
  deferredFromItemId: string | null;
  deferralReason: string | null;
  addedAt: string;
}

export interface AgendaView {
  meetingId: string;
  meetingMinutes: number;
  usedMinutes: number;
  items: AgendaItemView[];
  /** Deferred items, kept as history. */
  deferred: AgendaItemView[];
}

export interface MissingRecordsView {
  caseId: string;
  patientRef: string;
  status: CaseStatusName;
  presenterId: string | null;
  dueDate: string | null;
  missing: string[];
}

/** The kinds of clinical record a case holds. */
export type CaseRecordKind =
  | 'pathology_report'
  | 'radiology_report'
  | 'imaging_study'
  | 'lab'
  | 'genomics'
  | 'clinical_note'
  | 'other';

/** One criterion of a board's readiness checklist; `label` overrides the default wording. */
export type ReadinessCriterionView =
  | { kind: 'record_present'; recordKind: CaseRecordKind; label?: string }
  /** A record of that kind dated within `withinDays` calendar days (UTC) before now. */
  | { kind: 'recent_record'; recordKind: CaseRecordKind; withinDays: number; label?: string }
  | { kind: 'staging_complete'; label?: string }
  | { kind: 'question_stated'; label?: string }
  /** Primary site, histology and a well-formed ICD-10 code. */
  | { kind: 'diagnosis_coded'; label?: string }
  | { kind: 'ecog_recorded'; label?: string };

/** What a case of the board must have before it is ready for discussion. */
export interface ReadinessTemplateView {
  criteria: ReadinessCriterionView[];
}

/** A deferral moves the item from one meeting's agenda to another's: both agendas, after. */
export interface AgendaDeferralView {
  from: AgendaView;
  to: AgendaView;
}
