/*
 * The words every report prints the same way, whether it is a PDF or a FHIR narrative: written
 * once here so the recommendation PDF and the FHIR bundle cannot drift apart.
 */

import {
  Biomarker,
  GuidelineReference,
  RecommendationReport,
  Share,
  TnmView,
  TrialReferral,
  VoteTallyView,
} from '@app/contracts';
import { DateTime } from 'luxon';

/** API words in clinic words: `radiation_oncology` → "Radiation oncology". */
export function humanWords(value: string): string {
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "8th", as in "AJCC 8th edition". */
export function ordinal(value: number): string {
  const tens = value % 100;
  if (tens >= 11 && tens <= 13) return `${value}th`;
  return `${value}${['th', 'st', 'nd', 'rd'][value % 10] ?? 'th'}`;
}

/** "cT2a cN2 cM0; stage group IIIA" as recorded, or "Not staged". */
export function tnmWords(tnm: TnmView | undefined): string {
  const categories = [tnm?.t, tnm?.n, tnm?.m].filter((value): value is string => Boolean(value));
  const parts = categories.length > 0 ? [categories.join(' ')] : [];
  if (tnm?.stageGroup) parts.push(`stage group ${tnm.stageGroup}`);
  return parts.length > 0 ? parts.join('; ') : 'Not staged';
}

/** "PD-L1 TPS: 60% (22C3 IHC)". */
export function biomarkerWords(biomarker: Biomarker): string {
  const method = biomarker.method ? ` (${biomarker.method})` : '';
  return `${biomarker.name}: ${biomarker.result}${method}`;
}

/** "NCCN NSCLC v3.2026, NSCL-7 (evidence category 1)". */
export function guidelineReferenceWords(reference: GuidelineReference): string {
  return `${reference.citation} (evidence category ${reference.evidenceCategory})`;
}

/** "NCT04385368 (MERMAID-1: durvalumab plus chemotherapy)". */
export function trialReferralWords(trial: TrialReferral): string {
  return `${trial.nctId} (${trial.title ?? 'title not recorded'})`;
}

/** "Option 2": the option's place in the vote as it was put to the panel. */
export function optionLabel(report: RecommendationReport, optionId: string): string {
  const index = report.options.findIndex((option) => option.id === optionId);
  return index < 0 ? 'Unlisted option' : `Option ${index + 1}`;
}

/** The option's text as voted on. */
export function optionText(report: RecommendationReport, optionId: string): string {
  return report.options.find((option) => option.id === optionId)?.text ?? 'no longer on record';
}

/** "Radiation oncology (2 eligible): Option 1: 1, Option 2: 1; abstentions 0". */
export function specialtyVotesWords(
  report: RecommendationReport,
  row: VoteTallyView['bySpecialty'][number],
): string {
  const votes = row.votes
    .map((vote) => `${optionLabel(report, vote.optionId)}: ${vote.votes}`)
    .join(', ');
  return `${humanWords(row.specialty)} (${row.eligible} eligible): ${votes}; abstentions ${row.abstentions}`;
}

/** 83 for 5 of 6, rounded; 0 when nothing was counted. */
export function sharePercent(share: Share): number {
  return share.of === 0 ? 0 : Math.round((share.votes / share.of) * 100);
}

/** "Tuesday 3 March 2026, 17:30 (Europe/Paris)"; the ISO text itself if it cannot be read. */
export function localDateTime(iso: string, zone: string): string {
  const local = DateTime.fromISO(iso, { zone, locale: 'en-GB' });
  return local.isValid ? `${local.toFormat('cccc d LLLL yyyy, HH:mm')} (${zone})` : iso;
}
