import type { CaseDetailView, Schemas } from '../../api/types';
import { fieldWords, type ApiError } from '../../api/errors';
import { calendarDate } from '../../ui/time';
import { PRIORITY_LABELS } from '../../ui/words';
import type { CasePriority, CreateCaseBody, UpdateCaseBody } from './queries';
import { ECOG_LABELS, LATERALITY_LABELS, REFERRAL_LABELS } from './words';

/**
 * The case form's values, as the inputs hold them (text, '' for nothing), and their translation
 * to and from the API: the create body, the update body (only what changed, so a save touches no
 * field the user left alone), and the comparison used when someone else saved in between.
 */
export interface BiomarkerRow {
  /** Local identity of the row, for React and for errors; never sent. */
  key: string;
  name: string;
  result: string;
  method: string;
}

export type FirstTreatmentChoice = 'not_recorded' | 'not_started' | 'started';
export type ReferralType = Schemas['CaseReferral']['type'];

export interface CaseFormValues {
  patientRef: string;
  mrn: string;
  birthYear: number | null;
  sex: string;
  referralType: ReferralType;
  referringPhysician: string;
  referringInstitution: string;
  firstOpinionDiagnosis: string;
  firstOpinionRecommendation: string;
  primarySite: string;
  histology: string;
  icd10: string;
  icdO3Topography: string;
  icdO3Morphology: string;
  diagnosedOn: string;
  laterality: string;
  ecog: string;
  stagingEdition: string;
  clinicalT: string;
  clinicalN: string;
  clinicalM: string;
  clinicalStageGroup: string;
  pathologicalT: string;
  pathologicalN: string;
  pathologicalM: string;
  pathologicalStageGroup: string;
  biomarkers: BiomarkerRow[];
  question: string;
  clinicalSummary: string;
  priority: CasePriority;
  dueDate: string;
  presenterId: string;
  firstTreatment: FirstTreatmentChoice;
  firstTreatmentStartedOn: string;
}

let rowCounter = 0;
export function newBiomarkerRow(from?: Partial<Omit<BiomarkerRow, 'key'>>): BiomarkerRow {
  rowCounter += 1;
  return {
    key: `biomarker-${rowCounter}`,
    name: from?.name ?? '',
    result: from?.result ?? '',
    method: from?.method ?? '',
  };
}

export function emptyCaseForm(): CaseFormValues {
  return {
    patientRef: '',
    mrn: '',
    birthYear: null,
    sex: '',
    referralType: 'internal',
    referringPhysician: '',
    referringInstitution: '',
    firstOpinionDiagnosis: '',
    firstOpinionRecommendation: '',
    primarySite: '',
    histology: '',
    icd10: '',
    icdO3Topography: '',
    icdO3Morphology: '',
    diagnosedOn: '',
    laterality: '',
    ecog: '',
    stagingEdition: '',
    clinicalT: '',
    clinicalN: '',
    clinicalM: '',
    clinicalStageGroup: '',
    pathologicalT: '',
    pathologicalN: '',
    pathologicalM: '',
    pathologicalStageGroup: '',
    biomarkers: [],
    question: '',
    clinicalSummary: '',
    priority: 'routine',
    dueDate: '',
    presenterId: '',
    firstTreatment: 'not_recorded',
    firstTreatmentStartedOn: '',
  };
}

export function caseFormFrom(detail: CaseDetailView): CaseFormValues {
  const { diagnosis, referral, staging } = detail;
  return {
    patientRef: detail.patientRef,
    mrn: detail.mrn ?? '',
    birthYear: detail.birthYear,
    sex: detail.sex,
    referralType: referral.type,
    referringPhysician: referral.referringPhysician ?? '',
    referringInstitution: referral.referringInstitution ?? '',
    firstOpinionDiagnosis: referral.firstOpinion?.diagnosis ?? '',
    firstOpinionRecommendation: referral.firstOpinion?.recommendation ?? '',
    primarySite: diagnosis.primarySite ?? '',
    histology: diagnosis.histology ?? '',
    icd10: diagnosis.icd10 ?? '',
    icdO3Topography: diagnosis.icdO3Topography ?? '',
    icdO3Morphology: diagnosis.icdO3Morphology ?? '',
    diagnosedOn: diagnosis.diagnosedOn ?? '',
    laterality: diagnosis.laterality ?? '',
    ecog: detail.ecog === null ? '' : String(detail.ecog),
    stagingEdition: staging ? String(staging.edition) : '',
    clinicalT: staging?.clinical?.t ?? '',
    clinicalN: staging?.clinical?.n ?? '',
    clinicalM: staging?.clinical?.m ?? '',
    clinicalStageGroup: staging?.clinical?.stageGroup ?? '',
    pathologicalT: staging?.pathological?.t ?? '',
    pathologicalN: staging?.pathological?.n ?? '',
    pathologicalM: staging?.pathological?.m ?? '',
    pathologicalStageGroup: staging?.pathological?.stageGroup ?? '',
    biomarkers: detail.biomarkers.map((biomarker) => newBiomarkerRow(biomarker)),
    question: detail.question,
    clinicalSummary: detail.clinicalSummary,
    priority: detail.priority,
    dueDate: detail.dueDate ?? '',
    presenterId: detail.presenterId ?? '',
    firstTreatment: detail.firstTreatment?.status ?? 'not_recorded',
    firstTreatmentStartedOn:
      detail.firstTreatment?.status === 'started' ? detail.firstTreatment.startedOn : '',
  };
}

// ---------- to the API ----------

function text(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function compact<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

type Tnm = Schemas['TnmDto'];

function tnmOf(t: string, n: string, m: string, stageGroup: string): Tnm | undefined {
  const tnm = compact({
    t: text(t) as Tnm['t'],
    n: text(n) as Tnm['n'],
    m: text(m) as Tnm['m'],
    stageGroup: text(stageGroup) as Tnm['stageGroup'],
  });
  return Object.keys(tnm).length > 0 ? tnm : undefined;
}

function stagingOf(values: CaseFormValues): Schemas['StagingDto'] | null {
  const clinical = tnmOf(
    values.clinicalT,
    values.clinicalN,
    values.clinicalM,
    values.clinicalStageGroup,
  );
  const pathological = tnmOf(
    values.pathologicalT,
    values.pathologicalN,
    values.pathologicalM,
    values.pathologicalStageGroup,
  );
  if (!values.stagingEdition && !clinical && !pathological) return null;
  return compact({
    edition: Number(values.stagingEdition) as Schemas['StagingDto']['edition'],
    clinical,
    pathological,
  });
}

function diagnosisOf(values: CaseFormValues): Schemas['DiagnosisDto'] {
  return compact({
    primarySite: text(values.primarySite),
    histology: text(values.histology),
    icd10: text(values.icd10),
    icdO3Topography: text(values.icdO3Topography),
    icdO3Morphology: text(values.icdO3Morphology),
    diagnosedOn: text(values.diagnosedOn),
    laterality: (text(values.laterality) as Schemas['DiagnosisDto']['laterality']) ?? undefined,
  });
}

function referralOf(values: CaseFormValues): Schemas['ReferralDto'] {
  const external = values.referralType === 'external_second_opinion';
  return compact({
    type: values.referralType,
    referringPhysician: text(values.referringPhysician),
    referringInstitution: text(values.referringInstitution),
    firstOpinion: external
      ? {
          diagnosis: values.firstOpinionDiagnosis.trim(),
          recommendation: values.firstOpinionRecommendation.trim(),
        }
      : undefined,
  });
}

/** Rows with anything typed in them, in order; blank rows are dropped. */
function filledBiomarkers(values: CaseFormValues): BiomarkerRow[] {
  return values.biomarkers.filter(
    (row) => row.name.trim() || row.result.trim() || row.method.trim(),
  );
}

function biomarkersOf(values: CaseFormValues): Schemas['BiomarkerDto'][] {
  return filledBiomarkers(values).map((row) =>
    compact({ name: row.name.trim(), result: row.result.trim(), method: text(row.method) }),
  );
}

function firstTreatmentOf(values: CaseFormValues): Schemas['FirstTreatmentDto'] | null {
  if (values.firstTreatment === 'not_recorded') return null;
  if (values.firstTreatment === 'not_started') return { status: 'not_started' };
  return { status: 'started', startedOn: values.firstTreatmentStartedOn };
}

/** Where each server field's complaints are shown: biomarker rows are known by their row key. */
export interface SentForm {
  biomarkerKeys: string[];
}

export function createBody(values: CaseFormValues, withMrn: boolean): CreateCaseBody & SentForm {
  const diagnosis = diagnosisOf(values);
  const biomarkers = biomarkersOf(values);
  const body: CreateCaseBody = compact({
    patientRef: values.patientRef.trim(),
    mrn: withMrn ? text(values.mrn) : undefined,
    birthYear: values.birthYear ?? Number.NaN,
    sex: values.sex as CreateCaseBody['sex'],
    referral: referralOf(values),
    diagnosis: Object.keys(diagnosis).length > 0 ? diagnosis : undefined,
    staging: stagingOf(values) ?? undefined,
    biomarkers: biomarkers.length > 0 ? biomarkers : undefined,
    ecog: values.ecog === '' ? undefined : Number(values.ecog),
    question: text(values.question),
    clinicalSummary: text(values.clinicalSummary),
    priority: values.priority,
    dueDate: text(values.dueDate),
    presenterId: text(values.presenterId),
    firstTreatment: firstTreatmentOf(values) ?? undefined,
  });
  return Object.assign(body, { biomarkerKeys: filledBiomarkers(values).map((row) => row.key) });
}

// ---------- fields, for comparing versions ----------

/** The parts of the update body; a change to any field of a part sends the whole part. */
type Part =
  | 'mrn'
  | 'referral'
  | 'diagnosis'
  | 'ecog'
  | 'staging'
  | 'biomarkers'
  | 'question'
  | 'clinicalSummary'
  | 'priority'
  | 'dueDate'
  | 'presenterId'
  | 'firstTreatment';

export interface Describe {
  presenterName: (userId: string) => string;
}

export interface FieldSpec {
  id: string;
  label: string;
  part: Part;
  keys: ReadonlyArray<keyof CaseFormValues>;
  show: (values: CaseFormValues, describe: Describe) => string;
}

const NOT_RECORDED = 'Not recorded';

function plain(key: keyof CaseFormValues) {
  return (values: CaseFormValues) => {
    const value = values[key];
    return typeof value === 'string' && value.trim() !== '' ? value : NOT_RECORDED;
  };
}

function labelled(key: keyof CaseFormValues, labels: Record<string, string>) {
  return (values: CaseFormValues) => {
    const value = String(values[key] ?? '');
    return value ? (labels[value] ?? value) : NOT_RECORDED;
  };
}

function field(
  id: string,
  label: string,
  part: Part,
  keys: Array<keyof CaseFormValues>,
  show?: FieldSpec['show'],
): FieldSpec {
  return { id, label, part, keys, show: show ?? plain(keys[0]!) };
}

export const FIELDS: readonly FieldSpec[] = [
  field('mrn', 'MRN', 'mrn', ['mrn']),
  field(
    'referral',
    'Referral',
    'referral',
    [
      'referralType',
      'referringPhysician',
      'referringInstitution',
      'firstOpinionDiagnosis',
      'firstOpinionRecommendation',
    ],
    (values) =>
      [
        REFERRAL_LABELS[values.referralType],
        values.referringPhysician.trim(),
        values.referringInstitution.trim(),
        values.referralType === 'external_second_opinion' && values.firstOpinionDiagnosis.trim()
          ? `first opinion: ${values.firstOpinionDiagnosis.trim()} — ${values.firstOpinionRecommendation.trim()}`
          : '',
      ]
        .filter(Boolean)
        .join(', '),
  ),
  field('diagnosis.primarySite', 'Primary site', 'diagnosis', ['primarySite']),
  field('diagnosis.histology', 'Histology', 'diagnosis', ['histology']),
  field('diagnosis.icd10', 'ICD-10', 'diagnosis', ['icd10']),
  field('diagnosis.icdO3Topography', 'ICD-O-3 topography', 'diagnosis', ['icdO3Topography']),
  field('diagnosis.icdO3Morphology', 'ICD-O-3 morphology', 'diagnosis', ['icdO3Morphology']),
  field('diagnosis.diagnosedOn', 'Date of diagnosis', 'diagnosis', ['diagnosedOn'], (values) =>
    values.diagnosedOn ? calendarDate(values.diagnosedOn) : NOT_RECORDED,
  ),
  field(
    'diagnosis.laterality',
    'Laterality',
    'diagnosis',
    ['laterality'],
    labelled('laterality', LATERALITY_LABELS),
  ),
  field('ecog', 'ECOG performance status', 'ecog', ['ecog'], labelled('ecog', ECOG_LABELS)),
  field('staging.edition', 'AJCC edition', 'staging', ['stagingEdition'], (values) =>
    values.stagingEdition ? `${values.stagingEdition}th edition` : NOT_RECORDED,
  ),
  field('staging.clinical.t', 'Clinical T', 'staging', ['clinicalT']),
  field('staging.clinical.n', 'Clinical N', 'staging', ['clinicalN']),
  field('staging.clinical.m', 'Clinical M', 'staging', ['clinicalM']),
  field('staging.clinical.stageGroup', 'Clinical stage group', 'staging', ['clinicalStageGroup']),
  field('staging.pathological.t', 'Pathological T', 'staging', ['pathologicalT']),
  field('staging.pathological.n', 'Pathological N', 'staging', ['pathologicalN']),
  field('staging.pathological.m', 'Pathological M', 'staging', ['pathologicalM']),
  field('staging.pathological.stageGroup', 'Pathological stage group', 'staging', [
    'pathologicalStageGroup',
  ]),
  field('biomarkers', 'Biomarkers', 'biomarkers', ['biomarkers'], (values) => {
    const rows = filledBiomarkers(values);
    return rows.length === 0
      ? 'None'
      : rows
          .map(
            (row) =>
              `${row.name.trim()}: ${row.result.trim()}${row.method.trim() ? ` (${row.method.trim()})` : ''}`,
          )
          .join('; ');
  }),
  field('question', 'Question to the board', 'question', ['question']),
  field('clinicalSummary', 'Clinical summary', 'clinicalSummary', ['clinicalSummary']),
  field('priority', 'Priority', 'priority', ['priority'], labelled('priority', PRIORITY_LABELS)),
  field('dueDate', 'Due date', 'dueDate', ['dueDate'], (values) =>
    values.dueDate ? calendarDate(values.dueDate) : 'None',
  ),
  field('presenterId', 'Presenter', 'presenterId', ['presenterId'], (values, describe) =>
    values.presenterId ? describe.presenterName(values.presenterId) : 'No presenter yet',
  ),
  field(
    'firstTreatment',
    'First treatment',
    'firstTreatment',
    ['firstTreatment', 'firstTreatmentStartedOn'],
    (values) =>
      values.firstTreatment === 'started'
        ? `Started ${calendarDate(values.firstTreatmentStartedOn)}`
        : values.firstTreatment === 'not_started'
          ? 'Not started'
          : NOT_RECORDED,
  ),
];

/** A field's value in a comparable form: whitespace and blank biomarker rows do not count. */
function comparable(values: CaseFormValues, spec: FieldSpec): string {
  return JSON.stringify(
    spec.keys.map((key) => {
      if (key === 'biomarkers') return biomarkersOf(values);
      if (key === 'firstTreatmentStartedOn' && values.firstTreatment !== 'started') return '';
      if (
        values.referralType !== 'external_second_opinion' &&
        (key === 'firstOpinionDiagnosis' || key === 'firstOpinionRecommendation')
      )
        return '';
      const value = values[key];
      return typeof value === 'string' ? value.trim() : value;
    }),
  );
}

export function sameField(a: CaseFormValues, b: CaseFormValues, spec: FieldSpec): boolean {
  return comparable(a, spec) === comparable(b, spec);
}

/** The fields whose value differs between two versions (which fields `withMrn` includes the MRN). */
export function changedFields(
  from: CaseFormValues,
  to: CaseFormValues,
  withMrn: boolean,
): FieldSpec[] {
  return FIELDS.filter((spec) => (withMrn || spec.part !== 'mrn') && !sameField(from, to, spec));
}

/**
 * The update body: the loaded version and only the parts that changed since it was loaded.
 * Emptying a field the server keeps when it is left out (ECOG, staging, due date, presenter)
 * sends null, which the server records as "not recorded".
 */
export function updateBody(
  base: CaseFormValues,
  values: CaseFormValues,
  version: number,
  withMrn: boolean,
): UpdateCaseBody & SentForm {
  const parts = new Set(changedFields(base, values, withMrn).map((spec) => spec.part));
  const body: Record<string, unknown> = { version };
  if (parts.has('mrn') && text(values.mrn)) body.mrn = values.mrn.trim();
  if (parts.has('referral')) body.referral = referralOf(values);
  if (parts.has('diagnosis')) body.diagnosis = diagnosisOf(values);
  if (parts.has('ecog')) body.ecog = values.ecog === '' ? null : Number(values.ecog);
  if (parts.has('staging')) body.staging = stagingOf(values);
  if (parts.has('biomarkers')) body.biomarkers = biomarkersOf(values);
  if (parts.has('question')) body.question = values.question.trim();
  if (parts.has('clinicalSummary')) body.clinicalSummary = values.clinicalSummary;
  if (parts.has('priority')) body.priority = values.priority;
  if (parts.has('dueDate')) body.dueDate = text(values.dueDate) ?? null;
  if (parts.has('presenterId')) body.presenterId = text(values.presenterId) ?? null;
  if (parts.has('firstTreatment')) body.firstTreatment = firstTreatmentOf(values);
  return Object.assign(body as unknown as UpdateCaseBody, {
    biomarkerKeys: filledBiomarkers(values).map((row) => row.key),
  });
}

/** The body without the form's bookkeeping, as it goes on the wire. */
export function wire<T extends SentForm>(body: T): Omit<T, 'biomarkerKeys'> {
  const { biomarkerKeys: _keys, ...rest } = body;
  return rest;
}

export type Choice = 'mine' | 'theirs';

/**
 * After someone else saved: start from what the user typed, and for each field the other person
 * changed take their value where the user chose theirs.
 */
export function resolveConflict(
  mine: CaseFormValues,
  theirs: CaseFormValues,
  fields: readonly FieldSpec[],
  choices: Readonly<Record<string, Choice>>,
): CaseFormValues {
  const resolved: CaseFormValues = { ...mine };
  for (const spec of fields) {
    if (choices[spec.id] !== 'theirs') continue;
    for (const key of spec.keys) {
      (resolved as unknown as Record<string, unknown>)[key] = theirs[key];
    }
  }
  return resolved;
}

/** The choice offered first: keep what the user changed, take what only the other person changed. */
export function defaultChoice(base: CaseFormValues, mine: CaseFormValues, spec: FieldSpec): Choice {
  return sameField(base, mine, spec) ? 'theirs' : 'mine';
}

// ---------- errors ----------

/** Complaints by server field path (`diagnosis.icd10`, `biomarkers.0.name`). */
export type FieldErrors = Record<string, string[]>;

/** Checks made before sending: what the server would refuse for lack of an answer. */
export function localProblems(values: CaseFormValues, mode: 'create' | 'edit'): FieldErrors {
  const problems: FieldErrors = {};
  const add = (path: string, message: string) => {
    problems[path] = [...(problems[path] ?? []), message];
  };
  if (mode === 'create') {
    if (!values.patientRef.trim()) add('patientRef', 'Enter the pseudonymous patient reference.');
    if (values.birthYear === null) add('birthYear', 'Enter the year of birth.');
    if (!values.sex) add('sex', 'Choose the sex recorded for the patient.');
  }
  const staging = stagingOf(values);
  if (staging && !values.stagingEdition)
    add('staging.edition', 'Choose the AJCC edition the stage was assigned under.');
  if (values.firstTreatment === 'started' && !values.firstTreatmentStartedOn)
    add('firstTreatment.startedOn', 'Enter the date the first treatment began.');
  return problems;
}

/**
 * The server's complaints by field path, with biomarker rows renamed to their row keys
 * (`biomarkers.<row key>.name`), so they stay with their row whatever was dropped before sending.
 * A complaint shown beside its field is worded for it ("Must be an ICD-10 code such as C34.1.",
 * not "icd10 must be …"); one about anything else keeps the field's name, which it needs above
 * the button.
 */
export function serverProblems(
  error: ApiError,
  sent: SentForm,
  values: CaseFormValues,
): FieldErrors {
  const problems: FieldErrors = {};
  for (const detail of error.details) {
    let path = detail.field ?? '';
    const row = /^biomarkers\.(\d+)(\..*)?$/.exec(path);
    if (row) {
      const key = sent.biomarkerKeys[Number(row[1])];
      if (key) path = `biomarkers.${key}${row[2] ?? ''}`;
    }
    const message = isShownPath(path, values)
      ? fieldWords(detail.field, detail.message)
      : detail.message;
    problems[path] = [...(problems[path] ?? []), message];
  }
  return problems;
}

/** Field paths the form shows next to an input; complaints about anything else go above the button. */
export function isShownPath(path: string, values: CaseFormValues): boolean {
  if (SHOWN_PATHS.has(path)) return true;
  const row = /^biomarkers\.([^.]+)\.(name|result|method)$/.exec(path);
  return row !== null && values.biomarkers.some((biomarker) => biomarker.key === row[1]);
}

const SHOWN_PATHS = new Set([
  'patientRef',
  'mrn',
  'birthYear',
  'sex',
  'referral',
  'referral.type',
  'referral.referringPhysician',
  'referral.referringInstitution',
  'referral.firstOpinion',
  'referral.firstOpinion.diagnosis',
  'referral.firstOpinion.recommendation',
  'diagnosis.primarySite',
  'diagnosis.histology',
  'diagnosis.icd10',
  'diagnosis.icdO3Topography',
  'diagnosis.icdO3Morphology',
  'diagnosis.diagnosedOn',
  'diagnosis.laterality',
  'ecog',
  'staging.edition',
  'staging.clinical.t',
  'staging.clinical.n',
  'staging.clinical.m',
  'staging.clinical.stageGroup',
  'staging.pathological.t',
  'staging.pathological.n',
  'staging.pathological.m',
  'staging.pathological.stageGroup',
  'biomarkers',
  'question',
  'clinicalSummary',
  'priority',
  'dueDate',
  'presenterId',
  'firstTreatment',
  'firstTreatment.status',
  'firstTreatment.startedOn',
]);

export function unshownProblems(problems: FieldErrors, values: CaseFormValues): string[] {
  return Object.entries(problems)
    .filter(([path]) => !isShownPath(path, values))
    .flatMap(([, messages]) => messages);
}
