import type { Schemas } from '../../api/types';

/** Display words for the second-opinion API's stable values (keyed by the generated types, so none is missed). */

type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export type RequestType = Schemas['SecondOpinionType'];
export type RequestStatus = Schemas['SecondOpinionStatus'];
export type ConsentScope = Schemas['ConsentDto']['scope'][number];
export type ConcordanceClass = Schemas['ConcordanceDto']['classification'];

export const TYPE_LABELS: Record<RequestType, string> = {
  diagnosis_review: 'Diagnosis review',
  treatment_plan: 'Treatment plan',
  pathology_review: 'Pathology review',
  imaging_review: 'Imaging review',
};

export const INTAKE_PRIORITY_LABELS: Record<Schemas['ReferralIntakeDto']['priority'], string> = {
  routine: 'Routine',
  urgent: 'Urgent',
  emergent: 'Emergent',
};

export const STATUS_LABELS: Record<RequestStatus, { label: string; tone: Tone }> = {
  awaiting_records: { label: 'Awaiting records', tone: 'warning' },
  records_complete: { label: 'Under review', tone: 'info' },
  opinion_delivered: { label: 'Opinion delivered', tone: 'success' },
  consent_withdrawn: { label: 'Consent withdrawn', tone: 'neutral' },
};

export const SEX_LABELS: Record<Schemas['PatientSex'], string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};

export const CONSENT_SCOPE_LABELS: Record<ConsentScope, string> = {
  share_records: 'Share the records with the reviewers',
  process_records: 'Process the records for this opinion',
  international_transfer: 'Transfer the records across borders',
};

export const GRANTED_BY_LABELS: Record<Schemas['ConsentDto']['grantedBy'], string> = {
  patient: 'The patient',
  legal_representative: 'A legal representative',
};

export const CONCORDANCE_LABELS: Record<ConcordanceClass, { label: string; tone: Tone }> = {
  confirmed: { label: 'Confirmed', tone: 'success' },
  clarified: { label: 'Clarified', tone: 'info' },
  treatment_changed: { label: 'Treatment changed', tone: 'warning' },
  diagnosis_changed: { label: 'Diagnosis changed', tone: 'danger' },
};

export const CONCORDANCE_DESCRIPTIONS: Record<ConcordanceClass, string> = {
  confirmed: 'Same diagnosis, same treatment.',
  clarified: 'Same diagnosis and treatment in substance, with detail added or made precise.',
  treatment_changed: 'The diagnosis stands; a materially different treatment is recommended.',
  diagnosis_changed:
    'Another diagnosis (tumour type, primary site, or a stage that changes management).',
};

export function optionsOf<K extends string>(
  labels: Record<K, string>,
): Array<{ id: K; label: string }> {
  return (Object.keys(labels) as K[]).map((id) => ({ id, label: labels[id] }));
}

/** "1 question", "3 questions". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Tue 8 Dec 2026": a day in the board's zone, for date columns. */
export function dayInZone(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(date);
}
