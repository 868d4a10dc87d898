import {
  ArbitrationOutcome,
  ArbitrationRecord,
  ConcordanceClassName,
  FirstOpinionRecord,
  IndependentAssessment,
  OpinionAddendum,
  ReviewerCredentials,
  SecondOpinionType,
  WrittenOpinionContent,
} from '@app/contracts';
import { DateTime } from 'luxon';
import { humanWords, localDateTime } from '../report-words';
import { dejaVuSans } from './pdf-typeface';
import { PDF_NONE, PdfFooter, PdfWriter } from './pdf-writer';

/** One issued version of a written second opinion, as it is printed. */
export interface OpinionReport {
  content: WrittenOpinionContent;
  version: number;
  /** ISO instant. */
  issuedAt: string;
  revisionReason: string | null;
  contentSha256: string;
}

/** Dates are printed in UTC: the opinion carries no time zone of its own. */
const ZONE = 'UTC';
const NONE_RECORDED = 'None recorded';
/** Lines kept on one page with a reviewer's name (their credentials) or an addendum's number. */
const REVIEWER_LINES = 5;
const ADDENDUM_LINES = 4;

const TYPE_WORDS: Record<SecondOpinionType, string> = {
  diagnosis_review: 'Diagnosis review',
  treatment_plan: 'Treatment plan review',
  pathology_review: 'Pathology review',
  imaging_review: 'Imaging review',
};

const CONCORDANCE_WORDS: Record<ConcordanceClassName, string> = {
  confirmed: 'Confirmed: same diagnosis and same treatment as the first opinion',
  clarified: 'Clarified: the first opinion stands in substance, with detail added or made precise',
  diagnosis_changed: 'Diagnosis changed: the second opinion reaches another diagnosis',
  treatment_changed:
    'Treatment changed: the diagnosis stands, a materially different treatment is recommended',
};

const ARBITRATION_OUTCOME_WORDS: Record<ArbitrationOutcome, string> = {
  second_opinion_upheld: 'Second opinion upheld',
  first_opinion_upheld: 'First opinion upheld',
  neither_upheld: 'Neither opinion upheld: the arbiter’s own assessment is the opinion to follow',
};

const ARBITRATION_EXPLAINED =
  'The second opinion changed the diagnosis or the treatment. A third reviewer, independent of ' +
  'both earlier opinions and blind to them until their own assessment was recorded, was asked ' +
  'to arbitrate.';

/** One plain sentence for the patient about the arbitration's outcome. */
const ARBITRATION_FOR_THE_PATIENT: Record<ArbitrationOutcome, string> = {
  second_opinion_upheld:
    'Because the first and second opinions differed, a third specialist, independent of both, ' +
    'reviewed your case and agreed with the second opinion.',
  first_opinion_upheld:
    'Because the first and second opinions differed, a third specialist, independent of both, ' +
    'reviewed your case and agreed with the first opinion.',
  neither_upheld:
    'Because the first and second opinions differed, a third specialist, independent of both, ' +
    'reviewed your case and came to a view of their own, which your doctor can explain to you.',
};

const WHAT_A_SECOND_OPINION_IS = [
  'A second opinion is a review of your diagnosis and of the treatment proposed to you, by ' +
    'specialists who were not involved in your care so far. They studied your records and ' +
    'wrote down their own view, then compared it with the first opinion.',
  'This summary does not replace a conversation with your doctors. Please discuss it with your ' +
    'own doctor, who knows your situation and can help you decide what to do next.',
];

/**
 * The written second opinion for the referring physician, as an A4 PDF: the request, the first
 * opinion, the second opinion with its alternatives, risks, pros and cons, how the two compare,
 * how it was reviewed, the reviewers with their credentials, and the follow-up questions
 * answered since (addenda). Every page carries "Page X of Y", the version and the content
 * SHA-256. Set in DejaVu Sans, embedded: Latin, Greek and Cyrillic names and text print as
 * written; what the font lacks is marked and listed at the end.
 */
export function renderClinicalOpinionPdf(report: OpinionReport): Promise<Buffer> {
  const { content, version } = report;
  const pdf = new PdfWriter(
    {
      title: `Second opinion ${content.patient.reference} v${version}`,
      author: content.boardName,
      subject: 'Written second opinion',
      date: report.issuedAt,
    },
    dejaVuSans(),
  );
  writeClinicalTitleBlock(pdf, report);
  for (const [title, writeSection, shown] of CLINICAL_SECTIONS) {
    if (shown && !shown(content)) continue;
    pdf.heading(title);
    writeSection(pdf, content);
  }
  writePrintingNotes(pdf);
  return pdf.end(footer(report));
}

/**
 * The same opinion for the patient, as a short A4 PDF: the summary the team wrote in the
 * patient's preferred language, what a second opinion is, and the answers to follow-up
 * questions. The document's language is the patient's.
 */
export function renderPatientSummaryPdf(report: OpinionReport): Promise<Buffer> {
  const { content, version } = report;
  const pdf = new PdfWriter(
    {
      title: `Second opinion summary for the patient ${content.patient.reference} v${version}`,
      author: content.boardName,
      subject: 'Second opinion: summary for the patient',
      date: report.issuedAt,
      language: content.preferredLanguage,
    },
    dejaVuSans(),
  );
  pdf.text('Your second opinion', 'title');
  pdf.space(0.2);
  pdf.text(content.boardName, 'subtitle');
  pdf.space(0.6);
  pdf.field('Patient reference', content.patient.reference);
  pdf.field('Date', calendarDate(report.issuedAt));
  pdf.field('Version', String(version));
  pdf.heading('Summary');
  pdf.paragraph(content.patientSummary);
  if (content.arbitration) {
    pdf.heading('A third opinion');
    pdf.paragraph(ARBITRATION_FOR_THE_PATIENT[content.arbitration.outcome]);
  }
  pdf.heading('What is a second opinion?');
  WHAT_A_SECOND_OPINION_IS.forEach((text, index) => {
    if (index > 0) pdf.space(0.4);
    pdf.paragraph(text);
  });
  if (content.addenda.length > 0) {
    pdf.heading('Your questions answered');
    inOrder(content.addenda).forEach((addendum, index) => {
      if (index > 0) pdf.space(0.6);
      pdf.label(`Question ${addendum.number}`);
      pdf.paragraph(addendum.question);
      pdf.space(0.2);
      pdf.field('Answer', addendum.answer);
      pdf.text(`${addendum.answeredBy.displayName}, ${calendarDate(addendum.answeredAt)}`, 'muted');
    });
  }
  writePrintingNotes(pdf);
  return pdf.end(footer(report));
}

/** Each section: its heading, what it prints, and (if not always) whether the opinion has it. */
const CLINICAL_SECTIONS: ReadonlyArray<
  [
    string,
    (pdf: PdfWriter, content: WrittenOpinionContent) => void,
    ((content: WrittenOpinionContent) => boolean)?,
  ]
> = [
  ['Patient', writePatient],
  ['Request', writeRequest],
  ['Question', (pdf, content) => pdf.paragraph(content.question)],
  ['First opinion', (pdf, content) => writeFirstOpinion(pdf, content.firstOpinion)],
  ['Second opinion', writeConclusion],
  ['Concordance with the first opinion', writeConcordance],
  ['How the opinion was reached', writeReview],
  ['Reviewers', (pdf, content) => writeReviewers(pdf, content.reviewers)],
  [
    'Arbitration by a third reviewer',
    (pdf, content) => {
      if (content.arbitration) writeArbitration(pdf, content.arbitration);
    },
    (content) => content.arbitration !== undefined,
  ],
  ['Addenda', (pdf, content) => writeAddenda(pdf, content.addenda)],
];

function writeClinicalTitleBlock(pdf: PdfWriter, report: OpinionReport): void {
  pdf.text('Second opinion', 'title');
  pdf.space(0.2);
  pdf.text(report.content.boardName, 'subtitle');
  pdf.space(0.6);
  pdf.field('Version', String(report.version));
  if (report.version > 1) {
    pdf.field(
      `Reason for revising version ${report.version - 1}`,
      report.revisionReason ?? 'No reason given',
    );
  }
  pdf.field('Issued', localDateTime(report.issuedAt, ZONE));
}

function writePatient(pdf: PdfWriter, content: WrittenOpinionContent): void {
  const { patient } = content;
  pdf.field('Patient reference (pseudonym)', patient.reference);
  pdf.field('Birth year', String(patient.birthYear));
  pdf.field('Sex', humanWords(patient.sex));
}

function writeRequest(pdf: PdfWriter, content: WrittenOpinionContent): void {
  const { referrer } = content;
  pdf.field('Type', TYPE_WORDS[content.type]);
  pdf.field('Priority', humanWords(content.priority));
  pdf.field('Referred by', `${referrer.name}, ${referrer.institution} (${referrer.email})`);
}

function writeFirstOpinion(pdf: PdfWriter, first: FirstOpinionRecord): void {
  pdf.field('Diagnosis', first.diagnosis);
  pdf.field('Stage', first.stage ?? '');
  pdf.field('Proposed treatment', first.proposedTreatment);
  pdf.field('Institution', first.institution);
  pdf.field('Physician', first.physician);
}

function writeConclusion(pdf: PdfWriter, content: WrittenOpinionContent): void {
  writeAssessment(pdf, content.conclusion);
}

function writeAssessment(pdf: PdfWriter, conclusion: IndependentAssessment): void {
  pdf.field('Diagnosis', conclusion.diagnosis);
  pdf.field('Stage', conclusion.stage ?? '');
  pdf.field('Recommendation', conclusion.recommendation);
  pdf.space(0.3);
  pdf.label('Alternatives considered, including non-surgical ones:');
  pdf.list(conclusion.alternatives);
  pdf.space(0.3);
  pdf.field('Risks', conclusion.risks);
  pdf.field('Pros', conclusion.pros);
  pdf.field('Cons', conclusion.cons);
}

function writeConcordance(pdf: PdfWriter, content: WrittenOpinionContent): void {
  const { classification, rationale } = content.concordance;
  pdf.field('Classification', CONCORDANCE_WORDS[classification]);
  pdf.field('Rationale', rationale ?? 'None given');
}

function writeReview(pdf: PdfWriter, content: WrittenOpinionContent): void {
  pdf.field(
    'Reviewed by',
    content.reviewMode === 'panel' ? 'A panel of the board, by vote' : 'One specialist',
  );
  const decision = content.panelDecision;
  if (decision === null) {
    if (content.reviewMode === 'panel') pdf.field('Panel decision', NONE_RECORDED);
    return;
  }
  pdf.field('Panel decision', `${humanWords(decision.outcome)} in round ${decision.round}`);
  pdf.field('Decided option', decision.decidedOption ?? 'None (no consensus)');
  pdf.field('Votes for', `${decision.votesFor} of ${decision.eligible} eligible members`);
  pdf.field('Vote closed', localDateTime(decision.closedAt, ZONE));
}

function writeReviewers(pdf: PdfWriter, reviewers: readonly ReviewerCredentials[]): void {
  if (reviewers.length === 0) {
    pdf.paragraph(PDF_NONE);
    return;
  }
  reviewers.forEach((reviewer, index) => {
    if (index > 0) pdf.space(0.6);
    writeReviewer(pdf, reviewer);
  });
}

function writeReviewer(pdf: PdfWriter, reviewer: ReviewerCredentials): void {
  pdf.label(reviewer.displayName, REVIEWER_LINES);
  pdf.field('Specialty', humanWords(reviewer.specialty));
  pdf.field('Institution', reviewer.institution);
  pdf.field('Licences', licenceWords(reviewer) || NONE_RECORDED);
  pdf.field('Board certifications', certificationWords(reviewer) || NONE_RECORDED);
}

/** Who arbitrated, their own assessment, and which opinion stands and why. */
function writeArbitration(pdf: PdfWriter, arbitration: ArbitrationRecord): void {
  pdf.paragraph(ARBITRATION_EXPLAINED);
  pdf.space(0.3);
  pdf.field('Outcome', ARBITRATION_OUTCOME_WORDS[arbitration.outcome]);
  pdf.field('Rationale', arbitration.rationale);
  pdf.field('Asked for', localDateTime(arbitration.requestedAt, ZONE));
  pdf.field('Decided', localDateTime(arbitration.decidedAt, ZONE));
  pdf.space(0.6);
  pdf.text('Arbiter', 'muted');
  writeReviewer(pdf, arbitration.arbiter);
  pdf.space(0.6);
  pdf.label('The arbiter’s own assessment:');
  writeAssessment(pdf, arbitration.assessment);
}

/** "MED-7731 (Ontario, valid until 2027-06-30); …". */
function licenceWords(reviewer: ReviewerCredentials): string {
  return reviewer.credentials.licences
    .map(({ number, jurisdiction, expiresOn }) => {
      const validity = expiresOn ? `, valid until ${expiresOn}` : '';
      return `${number} (${jurisdiction}${validity})`;
    })
    .join('; ');
}

/** "Radiation oncology, Royal College (certified 2012-09-01); …". */
function certificationWords(reviewer: ReviewerCredentials): string {
  return reviewer.credentials.boardCertifications
    .map(({ board, specialty, certifiedOn }) => {
      const certified = certifiedOn ? ` (certified ${certifiedOn})` : '';
      return `${humanWords(specialty)}, ${board}${certified}`;
    })
    .join('; ');
}

function writeAddenda(pdf: PdfWriter, addenda: readonly OpinionAddendum[]): void {
  if (addenda.length === 0) {
    pdf.paragraph(PDF_NONE);
    return;
  }
  inOrder(addenda).forEach((addendum, index) => {
    if (index > 0) pdf.space(0.6);
    const { answeredBy } = addendum;
    pdf.label(`Addendum ${addendum.number}`, ADDENDUM_LINES);
    pdf.field('Question', addendum.question);
    pdf.field('Asked', localDateTime(addendum.askedAt, ZONE));
    pdf.field('Answer', addendum.answer);
    pdf.field(
      'Answered',
      `${localDateTime(addendum.answeredAt, ZONE)} by ${answeredBy.displayName} ` +
        `(${humanWords(answeredBy.specialty)})`,
    );
  });
}

/** What the font could not show as written, said at the end of the document that holds it. */
function writePrintingNotes(pdf: PdfWriter): void {
  const notes = pdf.printingNotes();
  if (notes.length === 0) return;
  pdf.heading('About this printout');
  pdf.list(notes);
}

function footer(report: OpinionReport): PdfFooter {
  const { reference } = report.content.patient;
  return {
    line: `Patient ${reference} \u00b7 second opinion version ${report.version}`,
    below: `Content SHA-256: ${report.contentSha256}`,
  };
}

function inOrder(addenda: readonly OpinionAddendum[]): OpinionAddendum[] {
  return [...addenda].sort((a, b) => a.number - b.number);
}

/** "4 March 2026"; the ISO text itself if it cannot be read. */
function calendarDate(iso: string): string {
  const date = DateTime.fromISO(iso, { zone: ZONE, locale: 'en-GB' });
  return date.isValid ? date.toFormat('d LLLL yyyy') : iso;
}
