import { RecommendationReport, TnmView } from '@app/contracts';
import { humanWords, ordinal } from '../report-words';
import { narrative } from './narrative';
import { EntryIds, ref } from './references';
import {
  StagingPhase,
  SURVEY,
  TNM_CODES,
  TNM_PARTS,
  TNM_PART_WORDS,
  TNM_PROFILES,
  TnmPart,
  stagingMethod,
} from './terminology';
import { FhirConditionStage, FhirObservation } from './types';

/** The TNM observations of one phase (clinical or pathological), stage group included if recorded. */
export interface StagingObservations {
  phase: StagingPhase;
  recorded: TnmView;
  observations: FhirObservation[];
  stageGroup: FhirObservation | null;
}

/** One mCODE TNM observation per recorded element, per phase; none for an unstaged case. */
export function stagingObservations(
  report: RecommendationReport,
  ids: EntryIds,
): StagingObservations[] {
  const { staging } = report.case;
  if (staging === null) return [];
  const phases: StagingPhase[] = ['clinical', 'pathological'];
  return phases.flatMap((phase) => {
    const recorded = staging[phase];
    if (recorded === undefined) return [];
    const present = TNM_PARTS.filter((part) => Boolean(recorded[part]?.trim()));
    if (present.length === 0) return [];
    const members = present.filter((part) => part !== 'stageGroup');
    const observations = present.map((part) =>
      tnmObservation(report, ids, phase, part, recorded[part] ?? '', staging.edition, members),
    );
    return [
      {
        phase,
        recorded,
        observations,
        stageGroup: observations.find((o) => o.id === ids.staging[phase].stageGroup) ?? null,
      },
    ];
  });
}

/** The Condition's stage of one phase: its stage group, or its T, N and M without one. */
export function conditionStage(phase: StagingObservations): FhirConditionStage | null {
  const assessment = phase.stageGroup !== null ? [phase.stageGroup] : phase.observations;
  if (assessment.length === 0) return null;
  return {
    ...(phase.recorded.stageGroup ? { summary: { text: phase.recorded.stageGroup } } : {}),
    assessment: assessment.map((o) => ref(o.id)),
    type: { text: `${humanWords(phase.phase)} TNM staging` },
  };
}

function tnmObservation(
  report: RecommendationReport,
  ids: EntryIds,
  phase: StagingPhase,
  part: TnmPart,
  value: string,
  edition: number,
  members: TnmPart[],
): FhirObservation {
  const code = TNM_CODES[phase][part];
  return {
    resourceType: 'Observation',
    id: ids.staging[phase][part],
    meta: { profile: [TNM_PROFILES[part]] },
    text: narrative(
      `${humanWords(phase)} ${TNM_PART_WORDS[part]}: ${value.trim()} (AJCC ${ordinal(edition)} edition)`,
    ),
    status: 'final',
    category: [SURVEY],
    code: { coding: [code], text: code.display },
    subject: ref(ids.patient, report.patient.reference),
    focus: [ref(ids.condition, 'Primary cancer')],
    valueCodeableConcept: { text: value.trim() },
    method: stagingMethod(edition),
    ...(part === 'stageGroup' && members.length > 0
      ? { hasMember: members.map((member) => ref(ids.staging[phase][member])) }
      : {}),
  };
}
