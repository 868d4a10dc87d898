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
  modality: string;
  /** DICOMweb study URL or a viewer deep link. */
  url?: string;
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
