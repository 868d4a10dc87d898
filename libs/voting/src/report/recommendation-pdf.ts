import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import {
  Biomarker,
  CaseDiagnosis,
  MinorityOpinionView,
  RecommendationReport,
  RecommendationView,
  Share,
  StagingView,
  TnmView,
  TreatmentModality,
  VoteTallyView,
} from '@app/contracts';

type Doc = PDFKit.PDFDocument;
type Decision = NonNullable<RecommendationView['decision']>;

const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold' } as const;
const SIZE = { title: 18, subtitle: 12, heading: 12, body: 10, footer: 8 } as const;
const COLOR = { text: '#111111', muted: '#555555', rule: '#9a9a9a' } as const;
const MARGINS = { top: 56, bottom: 72, left: 56, right: 56 };
/** Room a heading needs below it (about three body lines) before it moves to the next page. */
const HEADING_KEEP_WITH_NEXT = 64;
const LABEL_KEEP_WITH_NEXT = 40;
const BULLET_INDENT = 14;
const NONE = 'None';
const NOT_RECORDED = 'Not recorded';

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
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    info: documentInfo(report),
  });
  const bytes = collectBytes(doc);
  writeTitleBlock(doc, report);
  for (const [title, writeSection] of SECTIONS) {
    writeHeading(doc, title);
    writeSection(doc, report);
  }
  writeFooters(doc, report);
  doc.end();
  return bytes;
}

const SECTIONS: ReadonlyArray<[string, (doc: Doc, report: RecommendationReport) => void]> = [
  ['Participants', writeParticipants],
  ['Patient', writePatient],
  ['Diagnosis', (doc, report) => writeDiagnosis(doc, report.case.diagnosis)],
  ['Staging', (doc, report) => writeStaging(doc, report.case.staging)],
  ['Biomarkers and performance status', writeBiomarkersAndEcog],
  ['Question to the board', (doc, report) => writeParagraph(doc, report.case.question)],
  ['Clinical summary', (doc, report) => writeParagraph(doc, report.case.clinicalSummary)],
  ['Recommendation', writeRecommendation],
  ['Rationale', (doc, report) => writeParagraph(doc, report.recommendation.content.rationale)],
  ['Guideline references', writeGuidelineReferences],
  ['Clinical trial referrals', writeTrialReferrals],
  ['Panel decision', writePanelDecision],
  ['Dissent', (doc, report) => writeDissent(doc, report.recommendation.decision)],
  ['Signature', writeSignature],
];

function documentInfo(report: RecommendationReport): PDFKit.DocumentInfo {
  const generatedAt = new Date(report.generatedAt);
  return {
    Title: `Tumor board recommendation ${report.patient.reference} v${report.recommendation.version}`,
    Author: report.board.name,
    Subject: 'Multidisciplinary Tumor Board Recommendation',
    Creator: 'Tumor board collaboration server',
    CreationDate: generatedAt,
    ModDate: generatedAt,
  };
}

function collectBytes(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function writeTitleBlock(doc: Doc, report: RecommendationReport): void {
  const { recommendation, board, meeting } = report;
  write(doc, 'Multidisciplinary Tumor Board Recommendation', FONT.bold, SIZE.title);
  doc.moveDown(0.2);
  write(doc, board.name, FONT.bold, SIZE.subtitle);
  write(doc, board.institution || NOT_RECORDED, FONT.regular, SIZE.body, COLOR.muted);
  doc.moveDown(0.6);
  writeField(
    doc,
    'Meeting',
    meeting === null
      ? 'None (decided outside a meeting)'
      : `${meeting.title}, ${formatLocal(meeting.startsAt, meeting.timezone)}`,
  );
  writeField(doc, 'Version', String(recommendation.version));
  if (recommendation.previousVersionId !== null) {
    writeField(
      doc,
      `Amends version ${recommendation.version - 1}`,
      recommendation.amendmentReason ?? 'No reason given',
    );
  }
  writeField(doc, 'Status', statusWords(recommendation, reportZone(report)));
  writeField(doc, 'Report generated', formatLocal(report.generatedAt, reportZone(report)));
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
        : `Published ${formatLocal(recommendation.publishedAt, zone)}${superseded}`;
  }
}

function writeParticipants(doc: Doc, report: RecommendationReport): void {
  writeList(
    doc,
    report.participants.map(
      (p) => `${p.displayName}: ${humanWords(p.specialty)} (${humanWords(p.role)})`,
    ),
  );
}

function writePatient(doc: Doc, report: RecommendationReport): void {
  const { patient } = report;
  writeField(doc, 'Patient reference (pseudonym)', patient.reference);
  writeField(doc, 'Birth year', String(patient.birthYear));
  writeField(doc, 'Sex', humanWords(patient.sex));
}

function writeDiagnosis(doc: Doc, diagnosis: CaseDiagnosis): void {
  writeField(doc, 'Primary site', diagnosis.primarySite ?? NOT_RECORDED);
  writeField(doc, 'Histology', diagnosis.histology ?? NOT_RECORDED);
  writeField(doc, 'ICD-10', diagnosis.icd10 ?? NOT_RECORDED);
  writeField(
    doc,
    'Laterality',
    diagnosis.laterality ? humanWords(diagnosis.laterality) : NOT_RECORDED,
  );
  if (diagnosis.icdO3Topography || diagnosis.icdO3Morphology) {
    writeField(
      doc,
      'ICD-O-3',
      [diagnosis.icdO3Topography, diagnosis.icdO3Morphology].filter(Boolean).join(' / '),
    );
  }
  if (diagnosis.diagnosedOn) writeField(doc, 'Diagnosed on', diagnosis.diagnosedOn);
}

function writeStaging(doc: Doc, staging: StagingView | null): void {
  if (staging === null) {
    writeParagraph(doc, NONE);
    return;
  }
  writeField(
    doc,
    'Staging system',
    `AJCC Cancer Staging Manual, ${ordinal(staging.edition)} edition`,
  );
  writeField(doc, 'Clinical', tnmWords(staging.clinical));
  writeField(doc, 'Pathological', tnmWords(staging.pathological));
}

/** "T cT2a, N cN2, M cM0; stage group IIIA" as recorded, or "Not staged". */
function tnmWords(tnm: TnmView | undefined): string {
  const categories = [tnm?.t, tnm?.n, tnm?.m].filter((value): value is string => Boolean(value));
  const parts = categories.length > 0 ? [categories.join(' ')] : [];
  if (tnm?.stageGroup) parts.push(`stage group ${tnm.stageGroup}`);
  return parts.length > 0 ? parts.join('; ') : 'Not staged';
}

function writeBiomarkersAndEcog(doc: Doc, report: RecommendationReport): void {
  writeField(
    doc,
    'ECOG performance status',
    report.case.ecog === null ? NOT_RECORDED : String(report.case.ecog),
  );
  doc.moveDown(0.3);
  writeList(doc, report.case.biomarkers.map(biomarkerWords));
}

function biomarkerWords(biomarker: Biomarker): string {
  const method = biomarker.method ? ` (${biomarker.method})` : '';
  return `${biomarker.name}: ${biomarker.result}${method}`;
}

function writeRecommendation(doc: Doc, report: RecommendationReport): void {
  const { recommendation } = report.recommendation.content;
  writeParagraph(doc, recommendation.text);
  doc.moveDown(0.4);
  writeField(doc, 'Intent', humanWords(recommendation.intent));
  writeField(doc, 'Sequence', recommendation.sequence ?? 'Not specified');
  writeLabel(doc, 'Modalities, in order:');
  writeList(
    doc,
    recommendation.modalities.map((modality) => MODALITY_WORDS[modality]),
    'numbered',
  );
}

function writeGuidelineReferences(doc: Doc, report: RecommendationReport): void {
  writeList(
    doc,
    report.recommendation.content.guidelineReferences.map(
      (reference) => `${reference.citation} (evidence category ${reference.evidenceCategory})`,
    ),
  );
}

function writeTrialReferrals(doc: Doc, report: RecommendationReport): void {
  writeList(
    doc,
    report.recommendation.content.trialReferrals.map(
      (trial) => `${trial.nctId}: ${trial.title ?? 'title not recorded'}`,
    ),
  );
}

function writePanelDecision(doc: Doc, report: RecommendationReport): void {
  const { decision } = report.recommendation;
  if (decision === null) {
    writeParagraph(doc, 'None: no panel vote was recorded for this recommendation.');
    return;
  }
  writeField(doc, 'Decided by', decidedByWords(decision));
  writeField(doc, 'Turnout', countWords(decision.tally.turnout, 'eligible members voted'));
  writeField(doc, 'Quorum', quorumWords(decision.tally));
  writeField(doc, 'Abstentions', String(decision.tally.abstentions));
  doc.moveDown(0.3);
  writeLabel(doc, 'Votes per option:');
  writeList(
    doc,
    decision.tally.options.map(
      (option) =>
        `${optionLabel(report, option.optionId)} \u2014 ${countWords(option.share, 'votes cast')}: ${optionText(report, option.optionId)}`,
    ),
  );
  doc.moveDown(0.3);
  writeLabel(doc, 'Votes per specialty:');
  writeList(
    doc,
    decision.tally.bySpecialty.map((row) => {
      const votes = row.votes
        .map((vote) => `${optionLabel(report, vote.optionId)}: ${vote.votes}`)
        .join(', ');
      return `${humanWords(row.specialty)} (${row.eligible} eligible): ${votes}; abstentions ${row.abstentions}`;
    }),
  );
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

/** "Option 2": the option's place in the vote as it was put to the panel. */
function optionLabel(report: RecommendationReport, optionId: string): string {
  const index = report.options.findIndex((option) => option.id === optionId);
  return index < 0 ? 'Unlisted option' : `Option ${index + 1}`;
}

function optionText(report: RecommendationReport, optionId: string): string {
  return report.options.find((option) => option.id === optionId)?.text ?? 'no longer on record';
}

function writeDissent(doc: Doc, decision: RecommendationView['decision']): void {
  const opinions = decision?.minorityOpinions ?? [];
  if (opinions.length === 0) {
    writeParagraph(doc, NONE);
    return;
  }
  opinions.forEach((opinion, index) => {
    if (index > 0) doc.moveDown(0.4);
    writeMinorityOpinion(doc, opinion);
  });
}

function writeMinorityOpinion(doc: Doc, opinion: MinorityOpinionView): void {
  write(doc, `${opinion.displayName} (${humanWords(opinion.specialty)})`, FONT.bold);
  writeParagraph(doc, opinion.text);
}

function writeSignature(doc: Doc, report: RecommendationReport): void {
  const { signature, contentHash } = report.recommendation;
  if (signature === null) {
    writeParagraph(doc, 'Not signed.');
    writeField(doc, 'Content hash (SHA-256)', contentHash);
    return;
  }
  writeField(doc, 'Signed by', signature.signerName);
  writeField(
    doc,
    'Signed at',
    `${formatLocal(signature.signedAt, reportZone(report))} (${signature.signedAt})`,
  );
  writeField(doc, 'Content hash (SHA-256)', signature.contentHash);
  writeField(doc, 'Signature (HMAC-SHA256)', signature.value);
}

function writeFooters(doc: Doc, report: RecommendationReport): void {
  const { start, count } = doc.bufferedPageRange();
  const { recommendation, patient } = report;
  for (let page = start; page < start + count; page++) {
    doc.switchToPage(page);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - bottomMargin + 24;
    const width = contentWidth(doc);
    const left = doc.page.margins.left;
    doc.font(FONT.regular).fontSize(SIZE.footer).fillColor(COLOR.muted);
    doc.text(
      pdfSafe(
        `Patient ${patient.reference} \u00b7 recommendation version ${recommendation.version}`,
      ),
      left,
      y,
      { width, lineBreak: false },
    );
    doc.text(`Page ${page - start + 1} of ${count}`, left, y, {
      width,
      align: 'right',
      lineBreak: false,
    });
    doc.text(`Content hash (SHA-256): ${recommendation.contentHash}`, left, y + 11, {
      width,
      lineBreak: false,
    });
    doc.page.margins.bottom = bottomMargin;
  }
}

function writeHeading(doc: Doc, title: string): void {
  doc.moveDown(0.9);
  keepWithNext(doc, HEADING_KEEP_WITH_NEXT);
  write(doc, title, FONT.bold, SIZE.heading);
  const y = doc.y + 1;
  doc
    .moveTo(doc.page.margins.left, y)
    .lineTo(doc.page.width - doc.page.margins.right, y)
    .lineWidth(0.5)
    .strokeColor(COLOR.rule)
    .stroke();
  doc.moveDown(0.4);
}

/** "Label: value", the label in bold, wrapping under the label. */
function writeField(doc: Doc, label: string, value: string): void {
  doc.x = doc.page.margins.left;
  doc.fillColor(COLOR.text).fontSize(SIZE.body);
  doc.font(FONT.bold).text(pdfSafe(`${label}: `), { continued: true });
  doc.font(FONT.regular).text(pdfSafe(value.trim() || NOT_RECORDED));
}

function writeParagraph(doc: Doc, text: string): void {
  write(doc, text.trim() || NONE);
}

/** A bold label that stays on the same page as the first lines below it. */
function writeLabel(doc: Doc, label: string): void {
  keepWithNext(doc, LABEL_KEEP_WITH_NEXT);
  write(doc, label, FONT.bold);
}

function keepWithNext(doc: Doc, space: number): void {
  if (doc.y + space > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** One item per line with a hanging indent (bulleted or numbered), or "None" for an empty list. */
function writeList(doc: Doc, items: string[], style: 'bulleted' | 'numbered' = 'bulleted'): void {
  if (items.length === 0) {
    writeParagraph(doc, NONE);
    return;
  }
  const left = doc.page.margins.left;
  doc.font(FONT.regular).fontSize(SIZE.body).fillColor(COLOR.text);
  for (const [index, item] of items.entries()) {
    keepWithNext(doc, doc.currentLineHeight(true));
    const y = doc.y;
    doc.text(style === 'numbered' ? `${index + 1}.` : '\u2022', left, y, { lineBreak: false });
    doc.text(pdfSafe(item), left + BULLET_INDENT, y, {
      width: contentWidth(doc) - BULLET_INDENT,
    });
  }
  doc.x = left;
}

function write(
  doc: Doc,
  text: string,
  font: string = FONT.regular,
  size: number = SIZE.body,
  color: string = COLOR.text,
): void {
  doc.x = doc.page.margins.left;
  doc
    .font(font)
    .fontSize(size)
    .fillColor(color)
    .text(pdfSafe(text), { width: contentWidth(doc) });
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Times are shown in the meeting's timezone, or in UTC when there was no meeting. */
function reportZone(report: RecommendationReport): string {
  return report.meeting?.timezone ?? 'UTC';
}

/** "Tuesday 3 March 2026, 17:30 (Europe/Paris)"; the ISO text itself if it cannot be read. */
function formatLocal(iso: string, zone: string): string {
  const local = DateTime.fromISO(iso, { zone, locale: 'en-GB' });
  return local.isValid ? `${local.toFormat('cccc d LLLL yyyy, HH:mm')} (${zone})` : iso;
}

/** "5 of 6 votes cast (83%)". */
function countWords(share: Share, what: string): string {
  const percent = share.of === 0 ? 0 : Math.round((share.votes / share.of) * 100);
  return `${share.votes} of ${share.of} ${what} (${percent}%)`;
}

function ordinal(value: number): string {
  const tens = value % 100;
  if (tens >= 11 && tens <= 13) return `${value}th`;
  return `${value}${['th', 'st', 'nd', 'rd'][value % 10] ?? 'th'}`;
}

/** API words in clinic words: `radiation_oncology` → "Radiation oncology". */
function humanWords(value: string): string {
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Characters outside Windows-1252 that clinicians commonly type, spelled the way a typist would. */
const SPELLED_OUT: Readonly<Record<string, string>> = {
  '\u2265': '>=',
  '\u2264': '<=',
  '\u2260': '!=',
  '\u2248': '~',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2714': 'v',
  '\u2713': 'v',
  '\u03b1': 'alpha',
  '\u03b2': 'beta',
  '\u03b3': 'gamma',
  '\u03b4': 'delta',
  '\u03ba': 'kappa',
  '\u03bb': 'lambda',
  '\u03bc': '\u00b5',
  '\t': ' ',
  '\r': '',
};

/** The characters above 0x7F that the standard fonts' WinAnsi encoding can show besides Latin-1. */
const WIN_ANSI_EXTRAS = new Set(
  '\u0192\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u20ac\u2030\u2039\u203a\u02c6\u2122\u0152\u0153\u02dc\u0160\u0161\u0178\u017d\u017e',
);

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (
    char === '\n' ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xff) ||
    WIN_ANSI_EXTRAS.has(char)
  );
}

/**
 * Text the standard PDF fonts can show: Windows-1252 characters pass unchanged (ü, é, “ ”, –),
 * common symbols are spelled out (≥ → ">="), accented letters outside the set lose their accent
 * (ő → "o"), and anything else becomes "?".
 */
function pdfSafe(text: string): string {
  let safe = '';
  for (const char of text.normalize('NFC')) {
    safe += isWinAnsi(char) ? char : substitute(char);
  }
  return safe;
}

function substitute(char: string): string {
  const spelled = SPELLED_OUT[char];
  if (spelled !== undefined) return spelled;
  const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
  return base !== '' && [...base].every(isWinAnsi) ? base : '?';
}
