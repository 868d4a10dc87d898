import {
  Biomarker,
  CaseDiagnosis,
  CaseFirstTreatment,
  CaseFirstTreatmentStatus,
  CasePriority,
  CaseReferral,
  PatientSex,
} from '@app/contracts';
import { Conflict, InvalidInput } from '@app/core';
import { ClinicalCase } from './clinical-case.entity';
import { CaseStatus, Staging, validateStaging } from './domain';
import { firstTreatmentDateProblem, latestTreatmentDate } from './dto/clinical-validators';

/** The fields of a case a caller may give, on creation or as changes. */
export interface CaseFields {
  diagnosis?: CaseDiagnosis;
  staging?: Staging;
  biomarkers?: Biomarker[];
  ecog?: number;
  question?: string;
  clinicalSummary?: string;
  priority?: CasePriority;
  dueDate?: string;
  presenterId?: string;
  referral?: CaseReferral;
  mrn?: string;
  /** Null: not recorded (on an update, erases the record). */
  firstTreatment?: FirstTreatmentInput | null;
}

/** A first-treatment record as the caller gives it: `startedOn` exactly when started. */
export interface FirstTreatmentInput {
  status: CaseFirstTreatmentStatus;
  startedOn?: string;
}

export interface NewCase extends CaseFields {
  patientRef: string;
  birthYear: number;
  sex: PatientSex;
  referral: CaseReferral;
}

const FINAL = [CaseStatus.RecommendationPublished, CaseStatus.Withdrawn];

/**
 * What may still change on a final case: whether treatment has begun is learned after the board
 * has spoken, and counts for its quality metrics.
 */
const EDITABLE_WHEN_FINAL = ['firstTreatment'];

export function assertStaging(staging: Staging | undefined): void {
  if (!staging) return;
  const problems = validateStaging(staging);
  if (problems.length > 0) {
    throw new InvalidInput(
      'invalid staging',
      problems.map((problem) => ({ field: `staging.${problem.field}`, message: problem.message })),
    );
  }
}

/** The names, as the caller knows them, of the fields `updates` really changes on `current`. */
export function changedFields(updates: Partial<ClinicalCase>, current: ClinicalCase): string[] {
  return [
    ...new Set(
      Object.keys(updates)
        .filter(
          (key) =>
            JSON.stringify(updates[key as keyof ClinicalCase]) !==
            JSON.stringify(current[key as keyof ClinicalCase]),
        )
        .map(fieldName),
    ),
  ];
}

/** Refuses changes to a final case (published or withdrawn) beyond its first treatment. */
export function assertEditable(status: CaseStatus, changed: string[]): void {
  if (FINAL.includes(status) && changed.some((field) => !EDITABLE_WHEN_FINAL.includes(field)))
    throw new Conflict(`a ${status} case can no longer be edited, except for its first treatment`);
}

/**
 * The name the caller knows a changed column by: the MRN for its ciphertext, the first
 * treatment for either of its columns.
 */
function fieldName(column: string): string {
  if (column === 'mrnCiphertext') return 'mrn';
  if (column === 'firstTreatmentStatus' || column === 'firstTreatmentStartedOn')
    return 'firstTreatment';
  return column;
}

/**
 * The columns that store a first-treatment record (null: not recorded), refused if its date is
 * after `now` (see `firstTreatmentDateProblem`).
 */
export function firstTreatmentColumns(
  record: FirstTreatmentInput | null,
  now: Date,
): Pick<ClinicalCase, 'firstTreatmentStatus' | 'firstTreatmentStartedOn'> {
  if (record === null) return { firstTreatmentStatus: null, firstTreatmentStartedOn: null };
  const problem = firstTreatmentDateProblem(
    record.status,
    record.startedOn,
    latestTreatmentDate(now),
  );
  if (problem !== null)
    throw new InvalidInput('invalid first treatment', [
      { field: 'firstTreatment.startedOn', message: problem },
    ]);
  return record.status === 'started' && record.startedOn !== undefined
    ? { firstTreatmentStatus: 'started', firstTreatmentStartedOn: record.startedOn }
    : { firstTreatmentStatus: 'not_started', firstTreatmentStartedOn: null };
}

/** A case's first-treatment record from its columns; null when not recorded. */
export function firstTreatmentOf(
  columns: Pick<ClinicalCase, 'firstTreatmentStatus' | 'firstTreatmentStartedOn'>,
): CaseFirstTreatment | null {
  const { firstTreatmentStatus: status, firstTreatmentStartedOn: startedOn } = columns;
  if (status === null) return null;
  if (status === 'not_started') return { status };
  if (startedOn === null) throw new Error('a started first treatment is stored without its date');
  return { status, startedOn };
}
