import {
  ARBITRATION_OUTCOMES,
  CONCORDANCE_CLASSES_BY_SEVERITY,
  type ArbitrationOutcome,
  type ConcordanceClassName,
  type PatientSex,
  type ReviewRole,
  type SecondOpinionType,
  type TurnaroundClockView,
} from '@app/contracts';
import { durationWords } from '../../ui/time';

/** Display words for second-opinion reviews and arbitrations, written once. */

type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export const REQUEST_TYPE_LABELS: Record<SecondOpinionType, string> = {
  diagnosis_review: 'Diagnosis review',
  treatment_plan: 'Treatment plan review',
  pathology_review: 'Pathology review',
  imaging_review: 'Imaging review',
};

export const ROLE_LABELS: Record<ReviewRole, string> = {
  reviewer: 'Reviewer',
  arbiter: 'Arbiter',
};

export const SEX_LABELS: Record<PatientSex, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};

/** A choice with what it means, for the radio groups that classify and decide. */
export interface Definition {
  label: string;
  definition: string;
}

/** The concordance classes as `CONCORDANCE_CLASSES_BY_SEVERITY` defines them. */
export const CONCORDANCE: Record<ConcordanceClassName, Definition> = {
  confirmed: {
    label: 'Confirmed',
    definition: 'Same diagnosis, same treatment.',
  },
  clarified: {
    label: 'Clarified',
    definition:
      'Same diagnosis and treatment in substance, with detail added or made precise (a stage subgroup, a margin, a dose, the order of two modalities).',
  },
  treatment_changed: {
    label: 'Treatment changed',
    definition:
      'The diagnosis stands but a materially different treatment is recommended (another modality, intent or sequence, or surveillance instead of treatment).',
  },
  diagnosis_changed: {
    label: 'Diagnosis changed',
    definition:
      'Another diagnosis (tumour type, primary site, or a stage that changes management). When both the diagnosis and the treatment change, choose this class.',
  },
};

/** The classes as a reviewer weighs them: agreement first, the most severe change last. */
export const CONCORDANCE_CHOICES: readonly ConcordanceClassName[] = [
  ...CONCORDANCE_CLASSES_BY_SEVERITY,
].reverse();

export const OUTCOMES: Record<ArbitrationOutcome, Definition> = {
  second_opinion_upheld: {
    label: 'Second opinion upheld',
    definition: 'The second opinion stands.',
  },
  first_opinion_upheld: {
    label: 'First opinion upheld',
    definition: 'The first opinion stands.',
  },
  neither_upheld: {
    label: 'Neither upheld',
    definition: 'Your own assessment is the one to follow.',
  },
};

export const OUTCOME_CHOICES: readonly ArbitrationOutcome[] = ARBITRATION_OUTCOMES;

/** The request's turnaround clock: where it stands against its target, and why it is not running. */
export function clockWords(clock: TurnaroundClockView): {
  label: string;
  tone: Tone;
  detail: string;
} {
  const target = `target ${durationWords(clock.targetMs)}`;
  if (clock.state === 'not_started')
    return { label: 'Not started', tone: 'neutral', detail: `Records awaited; ${target}` };
  if (clock.state === 'stopped')
    return {
      label: 'Opinion delivered',
      tone: 'neutral',
      detail: `Took ${durationWords(clock.elapsedMs)}; ${target}`,
    };
  const elapsed = `${durationWords(clock.elapsedMs)} elapsed of ${durationWords(clock.targetMs)}`;
  const paused = clock.state === 'paused' ? ' (paused: records awaited)' : '';
  if (clock.status === 'breached')
    return { label: 'Breached', tone: 'danger', detail: `${elapsed}${paused}` };
  if (clock.status === 'at_risk')
    return { label: 'At risk', tone: 'warning', detail: `${elapsed}${paused}` };
  return { label: 'On track', tone: 'success', detail: `${elapsed}${paused}` };
}

/** How pressing a clock is, most pressing first: for ordering a worklist. */
export function clockUrgency(clock: TurnaroundClockView): number {
  if (clock.state === 'stopped') return 4;
  if (clock.state === 'not_started') return 3;
  return { breached: 0, at_risk: 1, on_track: 2 }[clock.status];
}
