import {
  CaseDiagnosis,
  MinorityOpinionView,
  RecommendationReport,
  RecommendationView,
  Share,
  StagingView,
  TreatmentModality,
  VoteTallyView,
} from '@app/contracts';
import {
  biomarkerWords,
  guidelineReferenceWords,
  humanWords,
  localDateTime,
  optionLabel,
  optionText,
  ordinal,
  sharePercent,
  specialtyVotesWords,
  tnmWords,
  trialReferralWords,
} from '../report-words';
import { PDF_NONE, PDF_NOT_RECORDED, PdfWriter } from './pdf-writer';

type Decision = NonNullable<RecommendationView['decision']>;

const MODALITY_WORDS: Record<TreatmentModality, string> = {
  surgery: 'Surgery',
  radiotherapy: 'Radiotherapy',
  systemic_therapy: 'Systemic therapy',
  active_surveillance: 'Active surveillance',
  best_supportive_care: 'Best supportive care',
  clinical_trial: 'Clinical trial',
};

/**
 * The board's signed recommendation as a printable A4 PDF for the patient record: who sat on
 * the panel, the pseudonymous patient, diagnosis and staging, the question, the recommendation
 * with its rationale and evidence, how the panel decided (tally, dissent) and the chair's
 * signature. Every page carries "Page X of Y" and the content hash that was signed.
 *
 * Only the standard Helvetica fonts are used, so text is limited to the Windows-1252 repertoire:
 * other characters are spelled out (`≥` becomes `>=`) or reduced to their base letter. The same
 * report always gives the same bytes: the document dates are the report's `generatedAt`.
 */
export function renderRecommendationPdf(report: RecommendationReport): Promise<Buffer> {
  const { patient, recommendation } = report;
  const pdf = new PdfWriter({
    title: `Tumor board recommendation ${patient.reference} v${recommendation.version}`,
    author: report.board.name,
    subject: 'Multidisciplinary Tumor Board Recommendation',
    date: report.generatedAt,
  });
  writeTitleBlock(pdf, report);
  for (const [title, writeSection] of SECTIONS) {
    pdf.heading(title);
    writeSection(pdf, report);
  }
  return pdf.end({
    line: `Patient ${patient.reference} \u00b7 recommendation version ${recommendation.version}`,
    below: `Content hash (SHA-256): ${recommendation.contentHash}`,
  });
}

const SECTIONS: ReadonlyArray<[string, (pdf: PdfWriter, report: RecommendationReport) => void]> = [
  ['Participants', writeParticipants],
  ['Patient', writePatient],
  ['Diagnosis', (pdf, report) => writeDiagnosis(pdf, report.case.diagnosis)],
  ['Staging', (pdf, report) => writeStaging(pdf, report.case.staging)],
  ['Biomarkers and performance status', writeBiomarkersAndEcog],
  ['Question to the board', (pdf, report) => pdf.paragraph(report.case.question)],
  ['Clinical summary', (pdf, report) => pdf.paragraph(report.case.clinicalSummary)],
  ['Recommendation', writeRecommendation],
  ['Rationale', (pdf, report) => pdf.paragraph(report.recommendation.content.rationale)],
  ['Guideline references', writeGuidelineReferences],
  ['Clinical trial referrals', writeTrialReferrals],
  ['Panel decision', writePanelDecision],
  ['Dissent', (pdf, report) => writeDissent(pdf, report.recommendation.decision)],
  ['Signature', writeSignature],
];

function writeTitleBlock(pdf: PdfWriter, report: RecommendationReport): void {
  const { recommendation, board, meeting } = report;
  pdf.text('Multidisciplinary Tumor Board Recommendation', 'title');
  pdf.space(0.2);
  pdf.text(board.name, 'subtitle');
  pdf.text(board.institution || PDF_NOT_RECORDED, 'muted');
  pdf.space(0.6);
  pdf.field(
    'Meeting',
    meeting === null
      ? 'None (decided outside a meeting)'
      : `${meeting.title}, ${localDateTime(meeting.startsAt, meeting.timezone)}`,
  );
  pdf.field('Version', String(recommendation.version));
  if (recommendation.previousVersionId !== null) {
    pdf.field(
      `Amends version ${recommendation.version - 1}`,
      recommendation.amendmentReason ?? 'No reason given',
    );
  }
  pdf.field('Status', statusWords(recommendation, reportZone(report)));
  pdf.field('Report generated', localDateTime(report.generatedAt, reportZone(report)));
}

function statusWords(recommendation: RecommendationView, zone: string): string {
  const superseded = recommendation.supersededBy === null ? '' : '; superseded by a later version';
  switch (recommendation.status) {
    case 'draft':
      return `Draft, not signed: not for clinical use${superseded}`;
    case 'signed':
      return `Signed by the chair, awaiting publication${superseded}`;
    case 'published':
      return recommendation.publishedAt === null
        ? `Published${superseded}`
        : `Published ${localDateTime(recommendation.publishedAt, zone)}${superseded}`;
  }
}

function writeParticipants(pdf: PdfWriter, report: RecommendationReport): void {
  pdf.list(
    report.participants.map(
      (p) => `${p.displayName}: ${humanWords(p.specialty)} (${humanWords(p.role)})`,
    ),
  );
}

function writePatient(pdf: PdfWriter, report: RecommendationReport): void {
  const { patient } = report;
  pdf.field('Patient reference (pseudonym)', patient.reference);
  pdf.field('Birth year', String(patient.birthYear));
  pdf.field('Sex', humanWords(patient.sex));
}

function writeDiagnosis(pdf: PdfWriter, diagnosis: CaseDiagnosis): void {
  pdf.field('Primary site', diagnosis.primarySite ?? PDF_NOT_RECORDED);
  pdf.field('Histology', diagnosis.histology ?? PDF_NOT_RECORDED);
  pdf.field('ICD-10', diagnosis.icd10 ?? PDF_NOT_RECORDED);
  pdf.field(
    'Laterality',
    diagnosis.laterality ? humanWords(diagnosis.laterality) : PDF_NOT_RECORDED,
  );
  if (diagnosis.icdO3Topography || diagnosis.icdO3Morphology) {
    pdf.field(
      'ICD-O-3',
      [diagnosis.icdO3Topography, diagnosis.icdO3Morphology].filter(Boolean).join(' / '),
    );
  }
  if (diagnosis.diagnosedOn) pdf.field('Diagnosed on', diagnosis.diagnosedOn);
}

function writeStaging(pdf: PdfWriter, staging: StagingView | null): void {
  if (staging === null) {
    pdf.paragraph(PDF_NONE);
    return;
  }
  pdf.field('Staging system', `AJCC Cancer Staging Manual, ${ordinal(staging.edition)} edition`);
  pdf.field('Clinical', tnmWords(staging.clinical));
  pdf.field('Pathological', tnmWords(staging.pathological));
}

function writeBiomarkersAndEcog(pdf: PdfWriter, report: RecommendationReport): void {
  pdf.field(
    'ECOG performance status',
    report.case.ecog === null ? PDF_NOT_RECORDED : String(report.case.ecog),
  );
  pdf.space(0.3);
  pdf.list(report.case.biomarkers.map(biomarkerWords));
}

function writeRecommendation(pdf: PdfWriter, report: RecommendationReport): void {
  const { recommendation } = report.recommendation.content;
  pdf.paragraph(recommendation.text);
  pdf.space(0.4);
  pdf.field('Intent', humanWords(recommendation.intent));
  pdf.field('Sequence', recommendation.sequence ?? 'Not specified');
  pdf.label('Modalities, in order:');
  pdf.list(
    recommendation.modalities.map((modality) => MODALITY_WORDS[modality]),
    'numbered',
  );
}

function writeGuidelineReferences(pdf: PdfWriter, report: RecommendationReport): void {
  pdf.list(report.recommendation.content.guidelineReferences.map(guidelineReferenceWords));
}

function writeTrialReferrals(pdf: PdfWriter, report: RecommendationReport): void {
  pdf.list(report.recommendation.content.trialReferrals.map(trialReferralWords));
}

function writePanelDecision(pdf: PdfWriter, report: RecommendationReport): void {
  const { decision } = report.recommendation;
  if (decision === null) {
    pdf.paragraph('None: no panel vote was recorded for this recommendation.');
    return;
  }
  pdf.field('Decided by', decidedByWords(decision));
  pdf.field('Turnout', countWords(decision.tally.turnout, 'eligible members voted'));
  pdf.field('Quorum', quorumWords(decision.tally));
  pdf.field('Abstentions', String(decision.tally.abstentions));
  pdf.space(0.3);
  pdf.label('Votes per option:');
  pdf.list(
    decision.tally.options.map((option) => {
      const label = optionLabel(report, option.optionId);
      const share = countWords(option.share, 'votes cast');
      return `${label} \u2014 ${share}: ${optionText(report, option.optionId)}`;
    }),
  );
  pdf.space(0.3);
  pdf.label('Votes per specialty:');
  pdf.list(decision.tally.bySpecialty.map((row) => specialtyVotesWords(report, row)));
}

function decidedByWords(decision: Decision): string {
  return decision.decidedBy === 'vote'
    ? 'Vote of the panel'
    : "The chair's casting vote (the panel was tied)";
}

function quorumWords(tally: VoteTallyView): string {
  const { met, counted, required } = tally.quorum;
  return `${met ? 'Met' : 'Not met'} (${counted} counted, ${required} required)`;
}

function writeDissent(pdf: PdfWriter, decision: RecommendationView['decision']): void {
  const opinions = decision?.minorityOpinions ?? [];
  if (opinions.length === 0) {
    pdf.paragraph(PDF_NONE);
    return;
  }
  opinions.forEach((opinion, index) => {
    if (index > 0) pdf.space(0.4);
    writeMinorityOpinion(pdf, opinion);
  });
}

function writeMinorityOpinion(pdf: PdfWriter, opinion: MinorityOpinionView): void {
  pdf.text(`${opinion.displayName} (${humanWords(opinion.specialty)})`, 'strong');
  pdf.paragraph(opinion.text);
}

function writeSignature(pdf: PdfWriter, report: RecommendationReport): void {
  const { signature, contentHash } = report.recommendation;
  if (signature === null) {
    pdf.paragraph('Not signed.');
    pdf.field('Content hash (SHA-256)', contentHash);
    return;
  }
  pdf.field('Signed by', signature.signerName);
  pdf.field(
    'Signed at',
    `${localDateTime(signature.signedAt, reportZone(report))} (${signature.signedAt})`,
  );
  pdf.field('Content hash (SHA-256)', signature.contentHash);
  pdf.field('Signature (HMAC-SHA256)', signature.value);
}

/** Times are shown in the meeting's timezone, or in UTC when there was no meeting. */
function reportZone(report: RecommendationReport): string {
  return report.meeting?.timezone ?? 'UTC';
}

/** "5 of 6 votes cast (83%)". */
function countWords(share: Share, what: string): string {
  return `${share.votes} of ${share.of} ${what} (${sharePercent(share)}%)`;
}
