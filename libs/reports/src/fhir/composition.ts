import { RecommendationReport, Share } from '@app/contracts';
import {
  biomarkerWords,
  guidelineReferenceWords,
  humanWords,
  optionLabel,
  optionText,
  ordinal,
  sharePercent,
  specialtyVotesWords,
  tnmWords,
} from '../report-words';
import { narrative, narrativeWithList } from './narrative';
import { EntryIds, ref, urn } from './references';
import { diagnosisWords, trialWords } from './resources';
import { StagingObservations } from './staging';
import { LOINC, MODALITY_CODES, RFC3986 } from './terminology';
import { FhirComposition, FhirCompositionSection } from './types';

/**
 * The document's Composition: the plan-of-care note that heads the bundle, attested by the
 * signer, with one human-readable section per part of the recommendation.
 */
export function composition(
  report: RecommendationReport,
  ids: EntryIds,
  staging: StagingObservations[],
): FhirComposition {
  const { recommendation } = report;
  const signature = recommendation.signature;
  return {
    resourceType: 'Composition',
    id: ids.composition,
    text: narrative(
      `Tumor board recommendation, version ${recommendation.version}, for patient ${report.patient.reference}`,
      `${report.board.name}${report.board.institution ? `, ${report.board.institution}` : ''}`,
      meetingWords(report),
      `Status: ${recommendation.status}`,
    ),
    status: recommendation.status === 'published' ? 'final' : 'preliminary',
    type: {
      coding: [{ system: LOINC, code: '18776-5', display: 'Plan of care note' }],
      text: 'Tumor board recommendation',
    },
    subject: ref(ids.patient, report.patient.reference),
    date: signature?.signedAt ?? recommendation.createdAt,
    author: [ref(ids.board, report.board.name)],
    title: 'Tumor Board Recommendation',
    ...(signature !== null && ids.practitioner !== null
      ? {
          attester: [
            {
              mode: 'legal' as const,
              time: signature.signedAt,
              party: ref(ids.practitioner, signature.signerName),
            },
          ],
        }
      : {}),
    ...(recommendation.previousVersionId !== null
      ? {
          relatesTo: [
            {
              code: 'replaces' as const,
              targetIdentifier: { system: RFC3986, value: urn(recommendation.previousVersionId) },
            },
          ],
        }
      : {}),
    section: [
      recommendationSection(report, ids),
      questionSection(report),
      stagingSection(report, ids, staging),
      rationaleSection(report),
      panelDecisionSection(report),
    ],
  };
}

function recommendationSection(
  report: RecommendationReport,
  ids: EntryIds,
): FhirCompositionSection {
  const { recommendation } = report.recommendation.content;
  const amendment = report.recommendation.previousVersionId
    ? [
        `Amends version ${report.recommendation.version - 1}: ${report.recommendation.amendmentReason ?? 'no reason given'}`,
      ]
    : [];
  return {
    title: 'Recommendation',
    text: narrative(
      recommendation.text,
      `Intent: ${recommendation.intent}`,
      `Modalities, in order: ${recommendation.modalities.map((m) => MODALITY_CODES[m].text).join('; ') || 'none'}`,
      `Sequence: ${recommendation.sequence ?? 'not specified'}`,
      `Clinical trial referrals: ${trialWords(report) || 'none'}`,
      ...amendment,
    ),
    entry: [ref(ids.carePlan, 'Recommended care plan')],
  };
}

function questionSection(report: RecommendationReport): FhirCompositionSection {
  return {
    title: 'Question to the board',
    text: narrative(report.case.question, `Clinical summary: ${report.case.clinicalSummary}`),
  };
}

function stagingSection(
  report: RecommendationReport,
  ids: EntryIds,
  staging: StagingObservations[],
): FhirCompositionSection {
  const { case: clinical } = report;
  const edition =
    clinical.staging === null ? '' : ` (AJCC ${ordinal(clinical.staging.edition)} edition)`;
  const stagingLines =
    staging.length === 0
      ? ['Staging: not staged']
      : staging.map(
          (phase) => `${humanWords(phase.phase)} staging${edition}: ${tnmWords(phase.recorded)}`,
        );
  const biomarkers = clinical.biomarkers.map(biomarkerWords).join('; ');
  return {
    title: 'Diagnosis and staging',
    text: narrative(
      `Diagnosis: ${diagnosisWords(clinical.diagnosis)}`,
      ...stagingLines,
      `Biomarkers: ${biomarkers || 'none recorded'}`,
      `ECOG performance status: ${clinical.ecog ?? 'not recorded'}`,
    ),
    entry: [
      ref(ids.condition, 'Primary cancer'),
      ...staging.flatMap((phase) => phase.observations.map((o) => ref(o.id))),
    ],
  };
}

function rationaleSection(report: RecommendationReport): FhirCompositionSection {
  const { rationale, guidelineReferences } = report.recommendation.content;
  return {
    title: 'Rationale and guidelines',
    text: narrativeWithList(
      [rationale],
      'Guideline references',
      guidelineReferences.map(guidelineReferenceWords),
    ),
  };
}

function panelDecisionSection(report: RecommendationReport): FhirCompositionSection {
  const participants = report.participants
    .map((p) => `${p.displayName} (${humanWords(p.specialty)}, ${p.role})`)
    .join('; ');
  return {
    title: 'Panel decision',
    text: narrativeWithList(
      [`Panel: ${participants || 'not recorded'}`, ...decisionLines(report)],
      'Dissent',
      (report.recommendation.decision?.minorityOpinions ?? []).map(
        (o) => `${o.displayName} (${humanWords(o.specialty)}): ${o.text}`,
      ),
    ),
  };
}

function decisionLines(report: RecommendationReport): string[] {
  const { decision } = report.recommendation;
  if (decision === null) return ['No panel vote was recorded.'];
  const { tally } = decision;
  return [
    `Decided by ${decision.decidedBy === 'vote' ? 'vote of the panel' : "the chair's casting vote"}.`,
    ...tally.options.map(
      (o) =>
        `${optionLabel(report, o.optionId)} (${optionText(report, o.optionId)}): ${o.votes} votes (${shareWords(o.share)})`,
    ),
    `Abstentions: ${tally.abstentions}`,
    `Turnout: ${shareWords(tally.turnout)} of eligible members`,
    ...tally.bySpecialty.map((row) => specialtyVotesWords(report, row)),
  ];
}

function meetingWords(report: RecommendationReport): string {
  const { meeting } = report;
  return meeting === null
    ? 'Decided outside a meeting'
    : `Meeting: ${meeting.title}, ${meeting.startsAt} (${meeting.timezone})`;
}

/** "5 of 6, 83%". */
function shareWords(share: Share): string {
  return `${share.votes} of ${share.of}, ${sharePercent(share)}%`;
}
