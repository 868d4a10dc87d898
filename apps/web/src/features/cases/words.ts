import type { Schemas } from '../../api/types';

/** Display words for the cases API's stable values (keyed by the generated types, so none is missed). */

export type RecordKind = Schemas['CaseRecordKind'];
export type UploadKind = Exclude<RecordKind, 'imaging_study'>;

export const RECORD_KIND_LABELS: Record<RecordKind, string> = {
  pathology_report: 'Pathology report',
  radiology_report: 'Radiology report',
  imaging_study: 'Imaging study (DICOM)',
  lab: 'Laboratory results',
  genomics: 'Genomics',
  clinical_note: 'Clinical note',
  other: 'Other document',
};

export const UPLOAD_KIND_OPTIONS = (Object.keys(RECORD_KIND_LABELS) as RecordKind[])
  .filter((kind): kind is UploadKind => kind !== 'imaging_study')
  .map((id) => ({ id, label: RECORD_KIND_LABELS[id] }));

export function recordKindLabel(kind: string): string {
  return RECORD_KIND_LABELS[kind as RecordKind] ?? kind;
}

export const SEX_LABELS: Record<Schemas['PatientSex'], string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};

export const LATERALITY_LABELS: Record<
  NonNullable<Schemas['CaseDiagnosis']['laterality']>,
  string
> = {
  left: 'Left',
  right: 'Right',
  bilateral: 'Bilateral',
  not_applicable: 'Not applicable',
};

export const REFERRAL_LABELS: Record<Schemas['CaseReferral']['type'], string> = {
  internal: 'Internal referral',
  external_second_opinion: 'External second opinion',
};

/** ECOG performance status, as the scale words it (abridged). */
export const ECOG_LABELS: Record<string, string> = {
  '0': '0 — Fully active',
  '1': '1 — Restricted in strenuous activity, ambulatory',
  '2': '2 — Ambulatory, self-care, unable to work',
  '3': '3 — Limited self-care, in bed or chair over half the day',
  '4': '4 — Completely disabled',
};

export function optionsOf<K extends string>(
  labels: Record<K, string>,
): Array<{ id: K; label: string }> {
  return (Object.keys(labels) as K[]).map((id) => ({ id, label: labels[id] }));
}
