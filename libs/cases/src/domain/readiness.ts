import { CaseRecordKind, ReadinessCriterionView, ReadinessTemplateView } from '@app/contracts';
import { isIcd10Code } from './clinical-codes';
import { PreparationFact, preparationReadinessItems } from './preparation';
import { isStagingComplete, Staging, validateStaging } from './staging';

/**
 * Whether a case is ready to be put before the board: a template of criteria (per board)
 * evaluated against what the case file holds, then the case's preparation requests (an open one
 * keeps the case from being ready).
 */

/** The record kinds, criteria and template are the API's own types (libs/contracts): one definition. */
export type RecordKind = CaseRecordKind;
export type ReadinessCriterion = ReadinessCriterionView;
export type ReadinessTemplate = ReadinessTemplateView;

export const RECORD_KINDS: readonly RecordKind[] = [
  'pathology_report',
  'radiology_report',
  'imaging_study',
  'lab',
  'genomics',
  'clinical_note',
  'other',
];

export const DEFAULT_READINESS_TEMPLATE: ReadinessTemplate = {
  criteria: [
    { kind: 'record_present', recordKind: 'pathology_report' },
    { kind: 'staging_complete' },
    { kind: 'recent_record', recordKind: 'radiology_report', withinDays: 60 },
    { kind: 'question_stated' },
  ],
};

export interface CaseFacts {
  question: string | null;
  diagnosis: {
    primarySite?: string | null;
    histology?: string | null;
    icd10?: string | null;
  } | null;
  staging: Staging | null;
  ecog: number | null;
  records: Array<{ kind: RecordKind; date: string | null /* YYYY-MM-DD */ }>;
  /** The case's preparation requests: each open one is an unmet item, each done one a met item. */
  preparations?: readonly PreparationFact[];
}

export interface ReadinessItem {
  /** The board checklist's criterion; null for an item that is a preparation request. */
  criterion: ReadinessCriterion | null;
  /** Set on items that are a preparation request. */
  preparationRequestId?: string;
  label: string;
  met: boolean;
  detail?: string;
}

export interface ReadinessResult {
  ready: boolean;
  items: ReadinessItem[];
  /** labels of unmet items */
  missing: string[];
}

export const MAX_READINESS_CRITERIA = 30;
export const MIN_WITHIN_DAYS = 1;
export const MAX_WITHIN_DAYS = 3650;

const RECORD_NAMES: Readonly<Record<RecordKind, string>> = {
  pathology_report: 'pathology report',
  radiology_report: 'radiology report',
  imaging_study: 'imaging study',
  lab: 'lab result',
  genomics: 'genomic test result',
  clinical_note: 'clinical note',
  other: 'other record',
};

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

type Check = { met: boolean; detail?: string };

export function evaluateReadiness(
  template: ReadinessTemplate,
  facts: CaseFacts,
  now: Date,
): ReadinessResult {
  const items = template.criteria.map((criterion): ReadinessItem => {
    const { met, detail } = check(criterion, facts, now);
    return { criterion, label: criterionLabel(criterion), met, ...(detail ? { detail } : {}) };
  });
  for (const item of preparationReadinessItems(facts.preparations ?? [])) {
    items.push({ criterion: null, ...item });
  }
  const missing = items.filter((item) => !item.met).map((item) => item.label);
  return { ready: missing.length === 0, items, missing };
}

/** The criterion's own label, or a default worded for the clinic. */
export function criterionLabel(criterion: ReadinessCriterion): string {
  if (criterion.label !== undefined && criterion.label.trim() !== '') return criterion.label.trim();
  switch (criterion.kind) {
    case 'record_present':
      return `${capitalize(RECORD_NAMES[criterion.recordKind])} present`;
    case 'recent_record':
      return `${capitalize(RECORD_NAMES[criterion.recordKind])} within ${plural(criterion.withinDays, 'day')}`;
    case 'staging_complete':
      return 'Staging complete';
    case 'question_stated':
      return 'Question for the board stated';
    case 'diagnosis_coded':
      return 'Diagnosis coded (site, histology, ICD-10)';
    case 'ecog_recorded':
      return 'ECOG performance status recorded';
  }
}

function check(criterion: ReadinessCriterion, facts: CaseFacts, now: Date): Check {
  switch (criterion.kind) {
    case 'record_present':
      return facts.records.some((record) => record.kind === criterion.recordKind)
        ? { met: true }
        : { met: false, detail: `no ${RECORD_NAMES[criterion.recordKind]} on file` };
    case 'recent_record':
      return checkRecentRecord(criterion.recordKind, criterion.withinDays, facts.records, now);
    case 'staging_complete':
      return checkStaging(facts.staging);
    case 'question_stated':
      return isFilled(facts.question)
        ? { met: true }
        : { met: false, detail: 'no question for the board' };
    case 'diagnosis_coded':
      return checkDiagnosis(facts.diagnosis);
    case 'ecog_recorded':
      return checkEcog(facts.ecog);
  }
}

/** Age in whole UTC calendar days; a record dated today is 0 days old, one dated in the future is negative. */
function checkRecentRecord(
  kind: RecordKind,
  withinDays: number,
  records: CaseFacts['records'],
  now: Date,
): Check {
  const name = RECORD_NAMES[kind];
  const ofKind = records.filter((record) => record.kind === kind);
  if (ofKind.length === 0) return { met: false, detail: `no ${name} on file` };

  const today = Math.floor(now.getTime() / DAY_MS);
  const dated = ofKind
    .map((record) => ({ date: record.date, day: dayNumber(record.date) }))
    .filter((entry): entry is { date: string; day: number } => entry.day !== null);
  const past = dated.filter((entry) => entry.day <= today).sort((a, b) => b.day - a.day);
  const latest = past[0];
  if (latest && today - latest.day <= withinDays) {
    return { met: true, detail: `${name} dated ${latest.date}` };
  }
  if (latest) {
    return {
      met: false,
      detail: `latest ${name} is dated ${latest.date}, ${plural(today - latest.day, 'day')} ago`,
    };
  }
  const future = dated.find((entry) => entry.day > today);
  if (future) {
    return {
      met: false,
      detail: `${name} dated ${future.date} is in the future and does not count`,
    };
  }
  return { met: false, detail: `no ${name} on file has a valid date` };
}

function checkStaging(staging: Staging | null): Check {
  if (!staging) return { met: false, detail: 'no staging recorded' };
  if (isStagingComplete(staging)) return { met: true };
  const [problem] = validateStaging(staging);
  if (problem) return { met: false, detail: `${problem.field}: ${problem.message}` };
  return {
    met: false,
    detail: 'neither the clinical nor the pathological stage has T, N, M and stage group',
  };
}

function checkDiagnosis(diagnosis: CaseFacts['diagnosis']): Check {
  const missing: string[] = [];
  if (!isFilled(diagnosis?.primarySite)) missing.push('primary site');
  if (!isFilled(diagnosis?.histology)) missing.push('histology');
  const icd10 = diagnosis?.icd10?.trim();
  if (!icd10) missing.push('ICD-10 code');
  if (missing.length > 0) return { met: false, detail: `missing: ${missing.join(', ')}` };
  if (icd10 && !isIcd10Code(icd10)) {
    return { met: false, detail: `'${icd10}' is not a well-formed ICD-10 code` };
  }
  return { met: true };
}

function checkEcog(ecog: number | null): Check {
  if (ecog === null || ecog === undefined) return { met: false, detail: 'no ECOG recorded' };
  if (!Number.isInteger(ecog) || ecog < 0 || ecog > 5) {
    return { met: false, detail: `ECOG ${ecog} is not a score from 0 to 5` };
  }
  return { met: true, detail: `ECOG ${ecog}` };
}

export function validateReadinessTemplate(template: ReadinessTemplate): string[] {
  const criteria = template.criteria;
  if (!Array.isArray(criteria)) return ['criteria must be a list'];
  const problems: string[] = [];
  if (criteria.length > MAX_READINESS_CRITERIA) {
    problems.push(`at most ${MAX_READINESS_CRITERIA} criteria (got ${criteria.length})`);
  }
  const seen = new Map<string, number>();
  criteria.forEach((criterion, index) => {
    const where = `criterion ${index + 1}`;
    const problem = criterionProblem(criterion);
    if (problem) {
      problems.push(`${where}: ${problem}`);
      return;
    }
    const key = criterionKey(criterion);
    const first = seen.get(key);
    if (first !== undefined) problems.push(`${where} repeats criterion ${first}`);
    else seen.set(key, index + 1);
  });
  return problems;
}

const CRITERION_KINDS: readonly string[] = [
  'record_present',
  'recent_record',
  'staging_complete',
  'question_stated',
  'diagnosis_coded',
  'ecog_recorded',
];

function criterionProblem(criterion: ReadinessCriterion): string | null {
  if (!CRITERION_KINDS.includes(criterion?.kind)) {
    return `unknown kind '${String(criterion?.kind)}'`;
  }
  if (
    criterion.label !== undefined &&
    (typeof criterion.label !== 'string' || criterion.label.trim() === '')
  ) {
    return 'label must not be blank';
  }
  if (criterion.kind === 'record_present' || criterion.kind === 'recent_record') {
    if (!RECORD_KINDS.includes(criterion.recordKind)) {
      return `unknown record kind '${String(criterion.recordKind)}'`;
    }
  }
  if (criterion.kind === 'recent_record') {
    const days = criterion.withinDays;
    if (!Number.isInteger(days) || days < MIN_WITHIN_DAYS || days > MAX_WITHIN_DAYS) {
      return `withinDays must be a whole number from ${MIN_WITHIN_DAYS} to ${MAX_WITHIN_DAYS} (got ${days})`;
    }
  }
  return null;
}

/** Two criteria are the same when they check the same thing; labels and day windows aside. */
function criterionKey(criterion: ReadinessCriterion): string {
  return 'recordKind' in criterion ? `${criterion.kind}:${criterion.recordKind}` : criterion.kind;
}

function dayNumber(date: string | null): number | null {
  const match = date === null ? null : ISO_DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  const valid =
    back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
  return valid ? ms / DAY_MS : null;
}

function isFilled(text: string | null | undefined): boolean {
  return typeof text === 'string' && text.trim() !== '';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
