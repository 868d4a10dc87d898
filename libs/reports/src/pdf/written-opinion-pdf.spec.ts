import {
  ArbitrationRecord,
  ConcordanceClassName,
  OpinionAddendum,
  WrittenOpinionContent,
} from '@app/contracts';
import { pdfText } from '@app/testing';
import {
  OpinionReport,
  renderClinicalOpinionPdf,
  renderPatientSummaryPdf,
} from './written-opinion-pdf';

const SHA = 'c0ffee4a8b0d1f3e5a7c9e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d0f';

function addendum(number: number, question: string, answer: string): OpinionAddendum {
  const day = String(9 + number).padStart(2, '0');
  return {
    number,
    question,
    askedAt: `2026-03-${day}T08:00:00.000Z`,
    answer,
    answeredAt: `2026-03-${day}T16:30:00.000Z`,
    answeredBy: { displayName: 'Ελένη Παπαδοπούλου', specialty: 'radiation_oncology' },
  };
}

/** A lobectomy proposal changed to stereotactic radiotherapy by a board panel. */
function content(): WrittenOpinionContent {
  return {
    requestId: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    boardName: 'Thoracic Oncology Board',
    type: 'treatment_plan',
    priority: 'urgent',
    patient: { reference: 'SO-2026-0117', birthYear: 1949, sex: 'male' },
    preferredLanguage: 'pl',
    question: 'Is lobectomy still the best option given his FEV1 of 48% and DLCO of 41%?',
    referrer: {
      name: 'Dr Marta Kowalska',
      institution: 'Szpital Miejski Gdańsk',
      email: 'm.kowalska@szpital.example',
    },
    firstOpinion: {
      diagnosis: 'Adenocarcinoma of the right upper lobe',
      stage: 'cT1c cN0 cM0, stage IA3',
      proposedTreatment: 'Right upper lobectomy with systematic nodal dissection',
      institution: 'Szpital Miejski Gdańsk',
      physician: 'Dr Piotr Nowak',
    },
    conclusion: {
      diagnosis: 'Adenocarcinoma of the right upper lobe, EGFR wild type',
      stage: 'cT1c cN0 cM0, stage IA3 (AJCC 8th edition)',
      recommendation: 'Stereotactic ablative radiotherapy, 54 Gy in 3 fractions.',
      alternatives: [
        'Sublobar resection (segmentectomy) if a surgeon accepts the pulmonary risk',
        'Image-guided thermal ablation (non-surgical)',
        'Active surveillance with CT every 3 months (non-surgical)',
      ],
      risks: 'Radiation pneumonitis (grade ≥2 in about 7%), chest wall pain, rib fracture.',
      pros: 'Local control above 90% at 3 years without an operation; outpatient treatment.',
      cons: 'No pathological nodal staging; less long-term data than for surgery.',
    },
    concordance: {
      classification: 'treatment_changed',
      rationale: 'Pulmonary function makes lobectomy high risk; SABR offers similar control.',
    },
    reviewMode: 'panel',
    panelDecision: {
      voteId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
      round: 2,
      outcome: 'consensus',
      decidedOption: 'SABR 54 Gy in 3 fractions',
      votesFor: 5,
      eligible: 7,
      closedAt: '2026-03-03T17:42:00.000Z',
    },
    reviewers: [
      {
        userId: '8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e',
        displayName: 'Łukasz Wójcik',
        specialty: 'thoracic_surgery',
        institution: 'Uniwersyteckie Centrum Kliniczne',
        credentials: {
          licences: [{ number: 'PWZ 4417782', jurisdiction: 'Poland', expiresOn: '2029-12-31' }],
          boardCertifications: [
            {
              board: 'European Board of Thoracic Surgery',
              specialty: 'thoracic_surgery',
              certifiedOn: '2014-06-01',
            },
          ],
        },
      },
      {
        userId: '9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f',
        displayName: 'Ελένη Παπαδοπούλου',
        specialty: 'radiation_oncology',
        institution: 'Νοσοκομείο Αλεξάνδρα',
        credentials: {
          licences: [
            { number: 'GR-ΙΣΑ-20931', jurisdiction: 'Greece' },
            { number: 'MED-7731', jurisdiction: 'Ontario', expiresOn: '2027-06-30' },
          ],
          boardCertifications: [],
        },
      },
      {
        userId: 'ad1e2f3a-4b5c-4d6e-9f7a-8b9c0d1e2f3a',
        displayName: 'Çağrı Öztürk',
        specialty: 'medical_oncology',
        institution: 'Hacettepe Üniversitesi',
        credentials: { licences: [], boardCertifications: [] },
      },
    ],
    patientSummary:
      'Zespół zaleca radioterapię stereotaktyczną zamiast operacji. Leczenie trwa tydzień.',
    addenda: [
      addendum(2, 'Can SABR be repeated if the tumour recurs?', 'Sometimes; it depends on dose.'),
      addendum(1, 'Is a biopsy of the mediastinal nodes needed first?', 'Yes: EBUS-TBNA first.'),
    ],
  };
}

const ARBITRATION: ArbitrationRecord = {
  arbiter: {
    userId: 'be2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b',
    displayName: 'Dr Ingrid Halvorsen',
    specialty: 'radiation_oncology',
    institution: 'Oslo universitetssykehus',
    credentials: {
      licences: [{ number: 'HPR 9912345', jurisdiction: 'Norway' }],
      boardCertifications: [],
    },
  },
  assessment: {
    diagnosis: 'Adenocarcinoma of the right upper lobe, node negative',
    stage: 'cT1c cN0 cM0, IA3',
    recommendation: 'SABR 48 Gy in 4 fractions, peripheral lesion',
    alternatives: ['Segmentectomy'],
    risks: 'Pneumonitis',
    pros: 'No operation at an FEV1 of 48%',
    cons: 'No nodal pathology',
  },
  outcome: 'second_opinion_upheld',
  rationale: 'Pulmonary reserve rules out lobectomy; SABR gives equivalent local control.',
  requestedAt: '2026-03-12T08:00:00.000Z',
  decidedAt: '2026-03-14T10:30:00.000Z',
};

function report(overrides: Partial<OpinionReport> = {}): OpinionReport {
  return {
    content: content(),
    version: 1,
    issuedAt: '2026-03-04T09:15:00.000Z',
    revisionReason: null,
    contentSha256: SHA,
    ...overrides,
  };
}

function withContent(changes: Partial<WrittenOpinionContent>): OpinionReport {
  return report({ content: { ...content(), ...changes } });
}

/** The PDF's text with runs of whitespace (line wraps, page breaks) folded to one space. */
function text(pdf: Buffer): string {
  return pdfText(pdf).replace(/\s+/g, ' ');
}

async function clinicalText(opinion: OpinionReport): Promise<string> {
  return text(await renderClinicalOpinionPdf(opinion));
}

async function summaryText(opinion: OpinionReport): Promise<string> {
  return text(await renderPatientSummaryPdf(opinion));
}

function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** Pages from the "Page 1 of N" footer, after checking every page has its own. */
function pageCount(extracted: string): number {
  const pages = Number(/Page 1 of (\d+)/.exec(extracted)?.[1]);
  for (let page = 1; page <= pages; page++) {
    expect(extracted).toContain(`Page ${page} of ${pages}`);
  }
  return pages;
}

describe('renderClinicalOpinionPdf', () => {
  let clinical: string;

  beforeAll(async () => {
    clinical = await clinicalText(report());
  });

  it('produces an A4 PDF with the Unicode font embedded', async () => {
    const pdf = await renderClinicalOpinionPdf(report());
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\b/);
    expect(raw).toContain('/FontFile2');
  });

  it('is byte-for-byte reproducible and dated by the issue date', async () => {
    const [first, second] = await Promise.all([
      renderClinicalOpinionPdf(report()),
      renderClinicalOpinionPdf(report()),
    ]);
    expect(first.equals(second)).toBe(true);
    expect(first.toString('latin1').match(/\(D:20260304091500Z\)/g)).toHaveLength(2);
    const later = await renderClinicalOpinionPdf(report({ issuedAt: '2026-03-05T09:15:00.000Z' }));
    expect(later.equals(first)).toBe(false);
  });

  it('heads the report with the board, version and issue date', () => {
    expect(clinical).toMatch(/^Second opinion Thoracic Oncology Board Version: 1 /);
    expect(clinical).toContain('Issued: Wednesday 4 March 2026, 09:15 (UTC)');
    expect(clinical).not.toContain('Reason for revising');
  });

  it('gives the revision reason on a later version', async () => {
    const revised = await clinicalText(
      report({ version: 2, revisionReason: 'EBUS-TBNA result added: N0 confirmed.' }),
    );
    expect(revised).toContain('Version: 2');
    expect(revised).toContain('Reason for revising version 1: EBUS-TBNA result added: N0');
    expect(revised).toContain('second opinion version 2');
    const unexplained = await clinicalText(report({ version: 3, revisionReason: null }));
    expect(unexplained).toContain('Reason for revising version 2: No reason given');
  });

  it('identifies the patient and the request', () => {
    expect(clinical).toContain('Patient reference (pseudonym): SO-2026-0117');
    expect(clinical).toContain('Birth year: 1949');
    expect(clinical).toContain('Sex: Male');
    expect(clinical).toContain('Type: Treatment plan review');
    expect(clinical).toContain('Priority: Urgent');
    expect(clinical).toContain(
      'Referred by: Dr Marta Kowalska, Szpital Miejski Gdańsk (m.kowalska@szpital.example)',
    );
    expect(clinical).toContain(
      'Question Is lobectomy still the best option given his FEV1 of 48% and DLCO of 41%?',
    );
  });

  it('states the first opinion', () => {
    expect(clinical).toContain(
      'First opinion Diagnosis: Adenocarcinoma of the right upper lobe Stage: cT1c cN0 cM0, ' +
        'stage IA3 Proposed treatment: Right upper lobectomy with systematic nodal dissection ' +
        'Institution: Szpital Miejski Gdańsk Physician: Dr Piotr Nowak',
    );
  });

  it('states the second opinion with its alternatives, risks, pros and cons', () => {
    expect(clinical).toContain('Diagnosis: Adenocarcinoma of the right upper lobe, EGFR wild');
    expect(clinical).toContain('Stage: cT1c cN0 cM0, stage IA3 (AJCC 8th edition)');
    expect(clinical).toContain(
      'Recommendation: Stereotactic ablative radiotherapy, 54 Gy in 3 fractions.',
    );
    expect(clinical).toContain(
      'Alternatives considered, including non-surgical ones: ' +
        '• Sublobar resection (segmentectomy) if a surgeon accepts the pulmonary risk ' +
        '• Image-guided thermal ablation (non-surgical) ' +
        '• Active surveillance with CT every 3 months (non-surgical)',
    );
    expect(clinical).toContain('Risks: Radiation pneumonitis (grade ≥2 in about 7%)');
    expect(clinical).toContain('Pros: Local control above 90% at 3 years without an operation');
    expect(clinical).toContain('Cons: No pathological nodal staging');
  });

  it('gives the concordance class in words with its rationale', async () => {
    expect(clinical).toContain(
      'Classification: Treatment changed: the diagnosis stands, a materially different ' +
        'treatment is recommended',
    );
    expect(clinical).toContain('Rationale: Pulmonary function makes lobectomy high risk');
    const words: Array<[ConcordanceClassName, string]> = [
      ['confirmed', 'Classification: Confirmed: same diagnosis and same treatment'],
      ['clarified', 'Classification: Clarified: the first opinion stands in substance'],
      ['diagnosis_changed', 'Classification: Diagnosis changed: the second opinion reaches'],
    ];
    for (const [classification, expected] of words) {
      const extracted = await clinicalText(
        withContent({ concordance: { classification, rationale: null } }),
      );
      expect(extracted).toContain(expected);
      expect(extracted).toContain('Rationale: None given');
    }
  });

  it('shows how the panel decided', () => {
    expect(clinical).toContain('Reviewed by: A panel of the board, by vote');
    expect(clinical).toContain('Panel decision: Consensus in round 2');
    expect(clinical).toContain('Decided option: SABR 54 Gy in 3 fractions');
    expect(clinical).toContain('Votes for: 5 of 7 eligible members');
    expect(clinical).toContain('Vote closed: Tuesday 3 March 2026, 17:42 (UTC)');
  });

  it('says when one specialist reviewed, without a panel decision', async () => {
    const specialist = await clinicalText(
      withContent({ reviewMode: 'specialist', panelDecision: null }),
    );
    expect(specialist).toContain('Reviewed by: One specialist Reviewers');
    expect(specialist).not.toContain('Panel decision');
  });

  it('lists the reviewers with their credentials, names in their own script', () => {
    expect(clinical).toContain(
      'Łukasz Wójcik Specialty: Thoracic surgery Institution: Uniwersyteckie Centrum Kliniczne ' +
        'Licences: PWZ 4417782 (Poland, valid until 2029-12-31) Board certifications: Thoracic ' +
        'surgery, European Board of Thoracic Surgery (certified 2014-06-01)',
    );
    expect(clinical).toContain(
      'Ελένη Παπαδοπούλου Specialty: Radiation oncology Institution: Νοσοκομείο Αλεξάνδρα ' +
        'Licences: GR-ΙΣΑ-20931 (Greece); MED-7731 (Ontario, valid until 2027-06-30) ' +
        'Board certifications: None recorded',
    );
    expect(clinical).toContain(
      'Çağrı Öztürk Specialty: Medical oncology Institution: Hacettepe Üniversitesi ' +
        'Licences: None recorded Board certifications: None recorded',
    );
  });

  it('prints the addenda numbered, in order, with dates and who answered', () => {
    const first = clinical.indexOf('Addendum 1 Question: Is a biopsy of the mediastinal nodes');
    const second = clinical.indexOf('Addendum 2 Question: Can SABR be repeated');
    expect(first).toBeGreaterThan(clinical.indexOf('Addenda'));
    expect(second).toBeGreaterThan(first);
    expect(clinical).toContain(
      'Asked: Tuesday 10 March 2026, 08:00 (UTC) Answer: Yes: EBUS-TBNA first. ' +
        'Answered: Tuesday 10 March 2026, 16:30 (UTC) by Ελένη Παπαδοπούλου (Radiation oncology)',
    );
    expect(clinical).toContain('Answer: Sometimes; it depends on dose.');
  });

  it('prints the arbitration: why, the outcome and rationale, the arbiter and their own assessment', async () => {
    const arbitrated = await clinicalText(
      report({
        content: { ...content(), arbitration: ARBITRATION },
        version: 4,
        revisionReason: 'Arbitration by a third reviewer: the second opinion is upheld',
      }),
    );
    expect(arbitrated).toContain(
      'Reason for revising version 3: Arbitration by a third reviewer: the second opinion is upheld',
    );
    const section = arbitrated.slice(
      arbitrated.indexOf('Arbitration by a third reviewer The second opinion changed'),
      arbitrated.indexOf('Addenda Addendum 1'),
    );
    expect(section.length).toBeGreaterThan(0);
    for (const expected of [
      'A third reviewer, independent of both earlier opinions and blind to them',
      'Outcome: Second opinion upheld',
      `Rationale: ${ARBITRATION.rationale}`,
      'Asked for: Thursday 12 March 2026, 08:00 (UTC)',
      'Decided: Saturday 14 March 2026, 10:30 (UTC)',
      'Arbiter Dr Ingrid Halvorsen Specialty: Radiation oncology',
      'Institution: Oslo universitetssykehus',
      'Licences: HPR 9912345 (Norway)',
      'The arbiter’s own assessment:',
      'Recommendation: SABR 48 Gy in 4 fractions, peripheral lesion',
      'Segmentectomy',
    ])
      expect(section).toContain(expected);
    expect(arbitrated.indexOf('Reviewers Łukasz Wójcik')).toBeLessThan(
      arbitrated.indexOf('Arbitration by a third reviewer The second'),
    );
  });

  it.each<[ArbitrationRecord['outcome'], string]>([
    ['first_opinion_upheld', 'Outcome: First opinion upheld'],
    ['neither_upheld', 'Outcome: Neither opinion upheld: the arbiter’s own assessment'],
  ])('names the outcome %s', async (outcome, expected) => {
    const arbitrated = await clinicalText(
      withContent({ arbitration: { ...ARBITRATION, outcome } }),
    );
    expect(arbitrated).toContain(expected);
  });

  it('has no arbitration section for an opinion without one', () => {
    expect(clinical).not.toContain('Arbitration by a third reviewer');
    expect(clinical).not.toContain('arbiter');
  });

  it('says None when there are no addenda', async () => {
    const none = await clinicalText(withContent({ addenda: [] }));
    expect(none).toMatch(/Addenda None (Patient|$)/);
    expect(none).not.toContain('Addendum 1');
  });

  it('puts page number, version and content hash on every page of a long report', async () => {
    const addenda = Array.from({ length: 40 }, (_, index) =>
      addendum(
        index + 1,
        `Follow-up question ${index + 1}: ${'what about the contralateral nodes? '.repeat(4)}`,
        `Answer ${index + 1}: ${'the PET-CT shows no uptake above background. '.repeat(5)}`,
      ),
    );
    const long = await clinicalText(withContent({ addenda }));
    const pages = pageCount(long);
    expect(pages).toBeGreaterThan(3);
    expect(occurrences(long, `Content SHA-256: ${SHA}`)).toBe(pages);
    expect(occurrences(long, 'Patient SO-2026-0117 · second opinion version 1')).toBe(pages);
    const order = addenda.map((item) => long.indexOf(`Addendum ${item.number} Question:`));
    expect(order.every((position, index) => index === 0 || position > order[index - 1])).toBe(true);
    expect(long).toContain('Answer 40: the PET-CT shows no uptake above background.');
  });

  it('never leaks the printing notes when every character could be shown', () => {
    expect(clinical).not.toContain('About this printout');
    expect(clinical).not.toContain('\uFFFD');
  });
});

describe('renderPatientSummaryPdf', () => {
  let summary: string;

  beforeAll(async () => {
    summary = await summaryText(report());
  });

  it('gives the title, pseudonym, date and the summary in the patient’s words', () => {
    expect(summary).toMatch(
      new RegExp(
        '^Your second opinion Thoracic Oncology Board Patient reference: SO-2026-0117 ' +
          'Date: 4 March 2026 Version: 1 ',
      ),
    );
    expect(summary).toContain(
      'Summary Zespół zaleca radioterapię stereotaktyczną zamiast operacji. Leczenie trwa tydzień.',
    );
  });

  it('explains what a second opinion is and to discuss it with their own doctor', () => {
    expect(summary).toContain('What is a second opinion? A second opinion is a review of your');
    expect(summary).toContain('Please discuss it with your own doctor');
  });

  it('gives the answers to follow-up questions, in order', () => {
    const first = summary.indexOf(
      'Question 1 Is a biopsy of the mediastinal nodes needed first? Answer: Yes: EBUS-TBNA first.',
    );
    const second = summary.indexOf(
      'Question 2 Can SABR be repeated if the tumour recurs? ' +
        'Answer: Sometimes; it depends on dose.',
    );
    expect(first).toBeGreaterThan(summary.indexOf('Your questions answered'));
    expect(second).toBeGreaterThan(first);
    expect(summary).toContain('Ελένη Παπαδοπούλου, 10 March 2026');
  });

  it.each<[ArbitrationRecord['outcome'], string]>([
    ['second_opinion_upheld', 'reviewed your case and agreed with the second opinion.'],
    ['first_opinion_upheld', 'reviewed your case and agreed with the first opinion.'],
    ['neither_upheld', 'came to a view of their own, which your doctor can explain to you.'],
  ])('says in one plain sentence how a third specialist settled it: %s', async (outcome, words) => {
    const arbitrated = await summaryText(withContent({ arbitration: { ...ARBITRATION, outcome } }));
    expect(arbitrated).toContain(
      'A third opinion Because the first and second opinions differed, a third specialist, ' +
        'independent of both,',
    );
    expect(arbitrated).toContain(words);
    expect(arbitrated).not.toContain(ARBITRATION.rationale);
    expect(arbitrated).not.toContain('Ingrid Halvorsen');
  });

  it('leaves out the clinical detail and the question section without addenda', async () => {
    expect(summary).not.toContain('A third opinion');
    expect(summary).not.toContain('Concordance');
    expect(summary).not.toContain('PWZ 4417782');
    const none = await summaryText(withContent({ addenda: [] }));
    expect(none).not.toContain('Your questions answered');
    expect(none).toContain('Please discuss it with your own doctor');
  });

  it('carries the footer on every page and is reproducible', async () => {
    const pages = pageCount(summary);
    expect(occurrences(summary, `Content SHA-256: ${SHA}`)).toBe(pages);
    const [first, second] = await Promise.all([
      renderPatientSummaryPdf(report()),
      renderPatientSummaryPdf(report()),
    ]);
    expect(first.equals(second)).toBe(true);
  });

  it.each([
    [
      'el',
      'Η ομάδα προτείνει στερεοτακτική ακτινοθεραπεία αντί για χειρουργείο. Ρωτήστε τον γιατρό.',
    ],
    [
      'ru',
      'Консилиум рекомендует стереотаксическую лучевую терапию вместо операции. Спросите врача.',
    ],
    ['tr', 'Kurul ameliyat yerine stereotaktik radyoterapi öneriyor. İlaçlarınızı değiştirmeyin.'],
  ])('prints a summary in %s as written, in that document language', async (language, words) => {
    const pdf = await renderPatientSummaryPdf(
      withContent({ preferredLanguage: language, patientSummary: words }),
    );
    expect(text(pdf)).toContain(`Summary ${words} What is a second opinion?`);
    expect(pdf.toString('latin1')).toContain(`/Lang (${language})`);
  });

  it('marks and lists characters the font cannot show instead of dropping them', async () => {
    const extracted = await summaryText(
      withContent({ patientSummary: 'Diagnosis 肺腺癌 confirmed; 手術 not advised.' }),
    );
    expect(extracted).toContain(
      'Diagnosis \uFFFD\uFFFD\uFFFD confirmed; \uFFFD\uFFFD not advised.',
    );
    expect(extracted).toContain(
      'About this printout • Some characters cannot be shown with the font of this document ' +
        'and are printed as "\uFFFD": U+624B, U+764C, U+80BA, U+817A, U+8853.',
    );
  });

  it('names the first characters it cannot show and counts the others', async () => {
    const ideographs = Array.from({ length: 15 }, (_, index) =>
      String.fromCodePoint(0x4e00 + index),
    );
    const extracted = await summaryText(withContent({ patientSummary: ideographs.join('') }));
    expect(extracted).toContain('U+4E00, U+4E01,');
    expect(extracted).toContain('U+4E0B and 3 more.');
  });

  it('keeps right-to-left words and says how their line is ordered', async () => {
    const words = ['הצוות', 'ממליץ', 'על', 'הקרנות'];
    const extracted = await summaryText(withContent({ patientSummary: words.join(' ') }));
    for (const word of words) expect(extracted).toContain(word);
    expect(extracted).toContain(
      'Right-to-left text (such as Hebrew or Arabic) is printed with the letters of each ' +
        'word in order, but with the words of a line placed from left to right and their ' +
        'spacing uneven.',
    );
  });
});
