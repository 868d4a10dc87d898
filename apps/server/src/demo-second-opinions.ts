import { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import { AuthenticatedUser } from '@app/auth';
import {
  ReviewsService,
  SecondOpinionRequestsService,
  UploadLinksService,
  WrittenOpinionsService,
} from '@app/second-opinions';

/** A one-page PDF with a title and a few lines: the demo's stand-in for a scanned record. */
function demoPdf(title: string, lines: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(16).text(title).moveDown();
    doc.fontSize(11);
    for (const line of lines) doc.text(line);
    doc.moveDown().fontSize(9).text('Synthetic demo record: not a real patient.');
    doc.end();
  });
}

type ReferralIntake = Parameters<SecondOpinionRequestsService['intake']>[2];

const grantedAt = (daysAgo: number) => DateTime.now().minus({ days: daysAgo }).toISO() as string;

const REFERRALS: Record<'awaiting' | 'inReview' | 'delivered', ReferralIntake> = {
  awaiting: {
    type: 'treatment_plan',
    priority: 'urgent',
    patient: { reference: 'SO-IT-0042', birthYear: 1961, sex: 'female' },
    preferredLanguage: 'it',
    country: 'IT',
    timezone: 'Europe/Rome',
    question: 'Is neoadjuvant chemo-immunotherapy preferable to upfront lobectomy for cT2bN1?',
    referrer: {
      name: 'Dr M. Rossi',
      institution: 'Ospedale San Carlo, Milano',
      email: 'm.rossi@sancarlo.example',
    },
    firstOpinion: {
      diagnosis: 'Adenocarcinoma of the left upper lobe',
      stage: 'cT2bN1M0, stage IIB (AJCC 8)',
      proposedTreatment: 'Upfront left upper lobectomy, then adjuvant chemotherapy',
      institution: 'Ospedale San Carlo, Milano',
      physician: 'Dr M. Rossi',
    },
    consent: {
      grantedBy: 'patient',
      grantedAt: grantedAt(3),
      scope: ['share_records', 'process_records', 'international_transfer'],
    },
    payer: { payer: 'Self-pay', coverageVerified: true },
  },
  inReview: {
    type: 'diagnosis_review',
    priority: 'routine',
    patient: { reference: 'SO-ES-0107', birthYear: 1954, sex: 'male' },
    preferredLanguage: 'es',
    country: 'ES',
    timezone: 'Europe/Madrid',
    question:
      '¿Se confirma el diagnóstico de mesotelioma epitelioide? Second review of pleural biopsy.',
    referrer: {
      name: 'Dra. L. García',
      institution: 'Hospital Universitario La Paz, Madrid',
      email: 'l.garcia@lapaz.example',
    },
    firstOpinion: {
      diagnosis: 'Epithelioid pleural mesothelioma',
      stage: 'cT2N0M0, stage IB',
      proposedTreatment: 'Extended pleurectomy/decortication',
      institution: 'Hospital Universitario La Paz, Madrid',
      physician: 'Dra. L. García',
    },
    consent: {
      grantedBy: 'patient',
      grantedAt: grantedAt(9),
      scope: ['share_records', 'process_records'],
    },
    payer: { payer: 'Sanitas', coverageVerified: true, authorizationNumber: 'SAN-2026-88120' },
  },
  delivered: {
    type: 'treatment_plan',
    priority: 'routine',
    patient: { reference: 'SO-DE-0019', birthYear: 1967, sex: 'female' },
    preferredLanguage: 'de',
    country: 'DE',
    timezone: 'Europe/Berlin',
    question: 'Stereotactic radiotherapy or segmentectomy for a 1.6 cm peripheral adenocarcinoma?',
    referrer: {
      name: 'Dr K. Bauer',
      institution: 'Klinikum Nord, Hamburg',
      email: 'k.bauer@klinikum-nord.example',
    },
    firstOpinion: {
      diagnosis: 'Adenocarcinoma of the right lower lobe',
      stage: 'cT1bN0M0, stage IA2',
      proposedTreatment: 'Right lower lobectomy with systematic nodal dissection',
      institution: 'Klinikum Nord, Hamburg',
      physician: 'Dr K. Bauer',
    },
    consent: {
      grantedBy: 'patient',
      grantedAt: grantedAt(20),
      scope: ['share_records', 'process_records'],
    },
    payer: { payer: 'Techniker Krankenkasse', coverageVerified: true },
  },
};

/** The records a referrer sends, one upload link each. */
async function receiveRecords(
  links: UploadLinksService,
  coordinator: AuthenticatedUser,
  requestId: string,
  records: Array<{
    kind: 'pathology_report' | 'radiology_report' | 'clinical_note';
    title: string;
    lines: string[];
  }>,
): Promise<void> {
  for (const record of records) {
    const link = await links.create(coordinator, requestId, record.kind);
    const token = new URL(link.url as string).pathname.split('/').pop() as string;
    await links.upload(token, record.title, {
      originalname: `${record.kind}.pdf`,
      mimetype: 'application/pdf',
      buffer: await demoPdf(record.title, record.lines),
    });
  }
}

/**
 * Three second-opinion requests on a board, one at each stage a coordinator meets: records
 * awaited (one of three received), under review by a specialist who has not yet attested, and
 * delivered with a changed treatment (a candidate for a third reviewer's arbitration).
 */
export async function seedDemoSecondOpinions(
  app: INestApplicationContext,
  boardId: string,
  coordinator: AuthenticatedUser,
  reviewers: { pathologist: AuthenticatedUser; radiationOncologist: AuthenticatedUser },
): Promise<void> {
  const requests = app.get(SecondOpinionRequestsService);
  const links = app.get(UploadLinksService);
  const reviews = app.get(ReviewsService);
  const opinions = app.get(WrittenOpinionsService);

  const awaiting = await requests.intake(coordinator, boardId, REFERRALS.awaiting);
  await receiveRecords(links, coordinator, awaiting.id, [
    {
      kind: 'pathology_report',
      title: 'CT-guided biopsy, left upper lobe',
      lines: ['Adenocarcinoma, acinar predominant.', 'TTF-1 positive. PD-L1 TPS 60%.'],
    },
  ]);

  const inReview = await requests.intake(coordinator, boardId, REFERRALS.inReview);
  await receiveRecords(links, coordinator, inReview.id, [
    {
      kind: 'pathology_report',
      title: 'Pleural biopsy (VATS)',
      lines: ['Malignant epithelioid proliferation.', 'Calretinin +, WT1 +, BAP1 loss.'],
    },
    {
      kind: 'radiology_report',
      title: 'CT chest with contrast',
      lines: ['Nodular right pleural thickening, 9 mm.', 'No mediastinal lymphadenopathy.'],
    },
    {
      kind: 'clinical_note',
      title: 'Referral letter',
      lines: ['Referred for confirmation of the diagnosis before surgery.'],
    },
  ]);
  await reviews.assign(coordinator, inReview.id, [reviewers.pathologist.id]);

  const delivered = await requests.intake(coordinator, boardId, REFERRALS.delivered);
  await receiveRecords(links, coordinator, delivered.id, [
    {
      kind: 'pathology_report',
      title: 'Bronchoscopic biopsy, right lower lobe',
      lines: ['Adenocarcinoma, lepidic and acinar.', 'EGFR wild type.'],
    },
    {
      kind: 'radiology_report',
      title: 'PET-CT staging',
      lines: ['1.6 cm RLL nodule, SUVmax 4.1.', 'No FDG-avid nodes.'],
    },
    {
      kind: 'clinical_note',
      title: 'Referral letter and pulmonary function tests',
      lines: ['FEV1 48% predicted, DLCO 41%.', 'First team proposes lobectomy.'],
    },
  ]);
  const reviewer = reviewers.radiationOncologist;
  await reviews.assign(coordinator, delivered.id, [reviewer.id]);
  await reviews.attest(reviewer, delivered.id, true);
  await reviews.submitAssessment(reviewer, delivered.id, {
    diagnosis: 'Adenocarcinoma of the right lower lobe, peripheral',
    stage: 'cT1bN0M0, stage IA2',
    recommendation:
      'Stereotactic ablative radiotherapy, 54 Gy in 3 fractions: limited pulmonary reserve makes lobectomy high-risk',
    alternatives: [
      'Anatomical segmentectomy if reassessed fit',
      'Lobectomy (not advised: FEV1 48%)',
    ],
    risks: 'Radiation pneumonitis (grade ≥ 2 in about 5–10 %), chest wall pain, rib fracture.',
    pros: 'Local control comparable to surgery in this setting, no anaesthesia, outpatient.',
    cons: 'No nodal pathology; follow-up imaging is harder to read after radiotherapy.',
  });
  await reviews.classify(reviewer, delivered.id, {
    classification: 'treatment_changed',
    rationale: 'Same diagnosis and stage; a non-surgical treatment is advised given lung function.',
  });
  await opinions.deliver(coordinator, delivered.id, {
    patientSummary:
      'Das zweite Ärzteteam bestätigt die Diagnose. Wegen Ihrer Lungenfunktion empfiehlt es statt einer Operation eine gezielte Strahlentherapie in drei Sitzungen.',
  });
}
