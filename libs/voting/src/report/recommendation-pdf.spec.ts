import { BoardRole, RecommendationReport, Specialty, TreatmentModality } from '@app/contracts';
/* eslint-disable boundaries/dependencies -- test support shared with the e2e suites */
import { pdfText } from '../../../../test/support/pdf-text';
/* eslint-enable boundaries/dependencies */
import { renderRecommendationPdf } from './recommendation-pdf';

const IDS = {
  recommendation: '0b7f6a52-3c1e-4d8a-9b2f-5e6d7c8b9a01',
  previousRecommendation: '0b7f6a52-3c1e-4d8a-9b2f-5e6d7c8b9a00',
  case: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  board: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
  meeting: '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b',
  vote: '4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b8c',
  chair: '5a6b7c8d-9e0f-4a1b-8c3d-4e5f6a7b8c9d',
  radiationOncologist: '6b7c8d9e-0f1a-4b2c-9d4e-5f6a7b8c9d0e',
  surgeon: '7c8d9e0f-1a2b-4c3d-8e5f-6a7b8c9d0e1f',
  pathologist: '8d9e0f1a-2b3c-4d4e-9f6a-7b8c9d0e1f2a',
  radiologist: '9e0f1a2b-3c4d-4e5f-8a7b-8c9d0e1f2a3b',
  coordinator: 'af0f1a2b-3c4d-4e5f-9a7b-8c9d0e1f2a3c',
  optionChemoIo: 'b01f1a2b-3c4d-4e5f-8a7b-8c9d0e1f2a3d',
  optionPort: 'c12f1a2b-3c4d-4e5f-9a7b-8c9d0e1f2a3e',
  optionTrial: 'd23f1a2b-3c4d-4e5f-8a7b-8c9d0e1f2a3f',
};
const MRN = 'MRN-00918273';
const SIGNATURE_VALUE = '9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d0f';
const CONTENT_HASH = '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b';

/** A right upper lobe adenocarcinoma, upstaged to pN2 at lobectomy: signed and published. */
function lungReport(): RecommendationReport {
  const winner = {
    text: 'Adjuvant cisplatin-pemetrexed ×4 followed by atezolizumab for 1 year; screen for the adjuvant trial NCT04385368 in parallel.',
    intent: 'curative' as const,
    modalities: ['systemic_therapy', 'clinical_trial'] as TreatmentModality[],
    sequence: 'Cisplatin-pemetrexed ×4, then atezolizumab 1200 mg every 3 weeks for 16 cycles',
  };
  const tally = {
    options: [
      { optionId: IDS.optionChemoIo, votes: 5, share: { votes: 5, of: 6 } },
      { optionId: IDS.optionPort, votes: 1, share: { votes: 1, of: 6 } },
      { optionId: IDS.optionTrial, votes: 0, share: { votes: 0, of: 6 } },
    ],
    abstentions: 1,
    ballotsCounted: 7,
    eligibleCount: 8,
    turnout: { votes: 7, of: 8 },
    quorum: { met: true, counted: 7, required: 5 },
    bySpecialty: [
      specialtyRow(Specialty.MedicalOncology, 2, [2, 0, 0], 0),
      specialtyRow(Specialty.RadiationOncology, 2, [1, 1, 0], 0),
      specialtyRow(Specialty.SurgicalOncology, 1, [1, 0, 0], 0),
      specialtyRow(Specialty.Pathology, 1, [0, 0, 0], 1),
      specialtyRow(Specialty.Radiology, 1, [1, 0, 0], 0),
      specialtyRow(Specialty.Other, 1, [0, 0, 0], 0),
    ],
  };
  return {
    recommendation: {
      id: IDS.recommendation,
      caseId: IDS.case,
      boardId: IDS.board,
      voteId: IDS.vote,
      version: 1,
      previousVersionId: null,
      amendmentReason: null,
      status: 'published',
      content: {
        recommendation: winner,
        rationale:
          'Completely resected (R0) stage IIIA adenocarcinoma with PD-L1 TPS 60% and no EGFR/ALK alteration: adjuvant platinum doublet followed by atezolizumab improves disease-free survival (IMpower010).',
        guidelineReferences: [
          { citation: 'NCCN NSCLC v3.2026, NSCL-7', evidenceCategory: '1' },
          { citation: 'ESMO early-stage NSCLC 2025', evidenceCategory: 'I, A' },
        ],
        trialReferrals: [
          {
            nctId: 'NCT04385368',
            title: 'MERMAID-1: durvalumab plus chemotherapy after resection',
          },
        ],
      },
      decision: {
        decidedBy: 'vote',
        tally,
        minorityOpinions: [
          {
            userId: IDS.radiationOncologist,
            displayName: 'Dr Luc Martin',
            specialty: Specialty.RadiationOncology,
            text: 'Station 4R involvement with extracapsular extension: I would add postoperative radiotherapy (50 Gy in 25 fractions) after chemotherapy.',
            recordedAt: '2026-03-03T17:05:00.000Z',
          },
        ],
      },
      notesSnapshot: { text: 'Discussed at the weekly board.', sha256: 'ab'.repeat(32) },
      contentHash: CONTENT_HASH,
      signature: {
        signerId: IDS.chair,
        signerName: 'Dr Anna Weber',
        signedAt: '2026-03-03T17:42:00.000Z',
        contentHash: CONTENT_HASH,
        value: SIGNATURE_VALUE,
      },
      createdBy: IDS.chair,
      createdAt: '2026-03-03T17:20:00.000Z',
      publishedBy: IDS.coordinator,
      publishedAt: '2026-03-04T08:15:00.000Z',
      supersededBy: null,
    },
    board: {
      id: IDS.board,
      name: 'Thoracic Oncology Board',
      institution: 'General Hospital Lyon',
    },
    meeting: {
      id: IDS.meeting,
      title: 'Weekly thoracic tumor board',
      startsAt: '2026-03-03T16:30:00.000Z',
      timezone: 'Europe/Paris',
    },
    participants: [
      participant(IDS.chair, 'Dr Anna Weber', Specialty.MedicalOncology, BoardRole.Chair),
      participant(IDS.radiationOncologist, 'Dr Luc Martin', Specialty.RadiationOncology),
      participant(IDS.surgeon, 'Dr Sofia Rossi', Specialty.SurgicalOncology, BoardRole.Presenter),
      participant(IDS.pathologist, 'Dr Jan Novak', Specialty.Pathology),
      participant(IDS.radiologist, 'Dr Mei Chen', Specialty.Radiology),
      participant(
        IDS.coordinator,
        'Claire Dubois',
        Specialty.OncologyNursing,
        BoardRole.Coordinator,
      ),
    ],
    patient: { reference: 'TB-2026-0042', birthYear: 1958, sex: 'female' },
    case: {
      id: IDS.case,
      diagnosis: {
        primarySite: 'Upper lobe of lung',
        histology: 'Adenocarcinoma, acinar predominant',
        icd10: 'C34.1',
        icdO3Topography: 'C34.1',
        icdO3Morphology: '8551/3',
        diagnosedOn: '2026-01-14',
        laterality: 'right',
      },
      staging: {
        edition: 8,
        clinical: { t: 'cT2a', n: 'cN0', m: 'cM0', stageGroup: 'IB' },
        pathological: { t: 'pT2a', n: 'pN2', m: 'cM0', stageGroup: 'IIIA' },
      },
      biomarkers: [
        { name: 'PD-L1 TPS', result: '60%', method: '22C3 IHC' },
        { name: 'EGFR', result: 'not detected', method: 'NGS' },
        { name: 'ALK', result: 'negative', method: 'IHC' },
      ],
      ecog: 1,
      question: 'Adjuvant treatment after right upper lobectomy with unexpected N2 disease?',
      clinicalSummary:
        '67-year-old former smoker (40 pack-years). Right upper lobectomy with systematic nodal dissection on 10 February 2026: 3.8 cm acinar adenocarcinoma, R0, 2 of 9 nodes positive at station 4R.',
    },
    options: [
      { id: IDS.optionChemoIo, ...winner },
      {
        id: IDS.optionPort,
        text: 'Adjuvant chemotherapy ×4 followed by postoperative mediastinal radiotherapy',
        intent: 'curative',
        modalities: ['systemic_therapy', 'radiotherapy'],
        sequence: 'Chemotherapy first, then radiotherapy',
      },
      {
        id: IDS.optionTrial,
        text: 'Enrolment in an adjuvant clinical trial only',
        intent: 'curative',
        modalities: ['clinical_trial'],
        sequence: null,
      },
    ],
    generatedAt: '2026-03-04T08:15:00.000Z',
  };
}

/** Version 2 amending version 1: still a draft, unsigned, staging withdrawn, decided without a meeting. */
function draftAmendment(): RecommendationReport {
  const base = lungReport();
  const decision = base.recommendation.decision!;
  return {
    ...base,
    recommendation: {
      ...base.recommendation,
      id: '0b7f6a52-3c1e-4d8a-9b2f-5e6d7c8b9a02',
      version: 2,
      previousVersionId: IDS.recommendation,
      amendmentReason:
        'Pathology addendum: EGFR exon 19 deletion; osimertinib replaces atezolizumab',
      status: 'draft',
      signature: null,
      publishedBy: null,
      publishedAt: null,
      decision: { ...decision, decidedBy: 'casting_vote', minorityOpinions: [] },
    },
    meeting: null,
    case: { ...base.case, staging: null, diagnosis: { primarySite: 'Lung' } },
    generatedAt: '2026-03-09T10:00:00.000Z',
  };
}

/** Free text full of markup characters, non-ASCII letters and typographic quotes. */
function specialCharacters(): RecommendationReport {
  const base = lungReport();
  const content = base.recommendation.content;
  return {
    ...base,
    recommendation: {
      ...base.recommendation,
      content: {
        ...content,
        recommendation: {
          ...content.recommendation,
          text: 'Resect if FEV1 > 60% & DLCO ≥ 50%; “watch & wait” if <2 cm. Überweisung to Dr Müller.',
        },
        rationale: `${'Tumour <3 cm & node-negative after neoadjuvant therapy, “ypN0”; ü, é, ñ. '.repeat(60)}`,
      },
    },
    case: {
      ...base.case,
      question: 'Is <b>surgery</b> & “adjuvant” therapy appropriate for Frau Jäger’s tumour?',
    },
  };
}

function participant(
  userId: string,
  displayName: string,
  specialty: Specialty,
  role: BoardRole = BoardRole.Panelist,
) {
  return { userId, displayName, specialty, role };
}

function specialtyRow(
  specialty: Specialty,
  eligible: number,
  votes: number[],
  abstentions: number,
) {
  return {
    specialty,
    eligible,
    votes: [IDS.optionChemoIo, IDS.optionPort, IDS.optionTrial].map((optionId, index) => ({
      optionId,
      votes: votes[index],
    })),
    abstentions,
  };
}

/** The PDF's text with runs of whitespace (line wraps, page breaks) folded to one space. */
async function renderedText(report: RecommendationReport): Promise<string> {
  return pdfText(await renderRecommendationPdf(report)).replace(/\s+/g, ' ');
}

describe('renderRecommendationPdf', () => {
  let published: string;
  let amendment: string;
  let special: string;

  beforeAll(async () => {
    [published, amendment, special] = await Promise.all(
      [lungReport(), draftAmendment(), specialCharacters()].map(renderedText),
    );
  }, 60_000);

  it('produces an A4 PDF', async () => {
    const pdf = await renderRecommendationPdf(lungReport());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
  });

  it('is byte-for-byte reproducible and dated by generatedAt', async () => {
    const [first, second] = await Promise.all([
      renderRecommendationPdf(lungReport()),
      renderRecommendationPdf(lungReport()),
    ]);
    expect(first.equals(second)).toBe(true);
    const raw = first.toString('latin1');
    expect(raw.match(/\(D:20260304081500Z\)/g)).toHaveLength(2);
    expect(raw).toContain('(Thoracic Oncology Board)');
    expect(raw).toContain('(Tumor board recommendation TB-2026-0042 v1)');
    expect(raw).toContain('(Multidisciplinary Tumor Board Recommendation)');
    const later = { ...lungReport(), generatedAt: '2026-03-05T08:15:00.000Z' };
    expect((await renderRecommendationPdf(later)).equals(first)).toBe(false);
  });

  it('heads the report with the board, meeting in local time, version and status', () => {
    expect(published).toContain('Multidisciplinary Tumor Board Recommendation');
    expect(published).toContain('Thoracic Oncology Board');
    expect(published).toContain('General Hospital Lyon');
    expect(published).toContain(
      'Meeting: Weekly thoracic tumor board, Tuesday 3 March 2026, 17:30 (Europe/Paris)',
    );
    expect(published).toContain('Version: 1');
    expect(published).toContain('Status: Published Wednesday 4 March 2026, 09:15 (Europe/Paris)');
  });

  it('lists the participants with their specialties in clinic words', () => {
    expect(published).toContain('Dr Anna Weber: Medical oncology (Chair)');
    expect(published).toContain('Dr Luc Martin: Radiation oncology (Panelist)');
    expect(published).toContain('Dr Sofia Rossi: Surgical oncology (Presenter)');
    expect(published).toContain('Claire Dubois: Oncology nursing (Coordinator)');
    expect(published).not.toContain('radiation_oncology');
  });

  it('identifies the patient by pseudonym only, never by MRN', async () => {
    expect(published).toContain('Patient reference (pseudonym): TB-2026-0042');
    expect(published).toContain('Birth year: 1958');
    expect(published).toContain('Sex: Female');
    const report = lungReport();
    const leaky = { ...report, case: { ...report.case, mrn: MRN } } as RecommendationReport;
    expect(await renderedText(leaky)).not.toContain(MRN);
  });

  it('states the diagnosis, staging, biomarkers and performance status', () => {
    expect(published).toContain('Primary site: Upper lobe of lung');
    expect(published).toContain('Histology: Adenocarcinoma, acinar predominant');
    expect(published).toContain('ICD-10: C34.1');
    expect(published).toContain('Laterality: Right');
    expect(published).toContain('Staging system: AJCC Cancer Staging Manual, 8th edition');
    expect(published).toContain('Clinical: cT2a cN0 cM0; stage group IB');
    expect(published).toContain('Pathological: pT2a pN2 cM0; stage group IIIA');
    expect(published).toContain('PD-L1 TPS: 60% (22C3 IHC)');
    expect(published).toContain('ECOG performance status: 1');
  });

  it('gives the question, summary, recommendation, rationale and evidence', () => {
    expect(published).toContain(
      'Adjuvant treatment after right upper lobectomy with unexpected N2 disease?',
    );
    expect(published).toContain('67-year-old former smoker (40 pack-years).');
    expect(published).toContain(
      'Adjuvant cisplatin-pemetrexed ×4 followed by atezolizumab for 1 year;',
    );
    expect(published).toContain('Intent: Curative');
    expect(published).toContain('Modalities, in order: 1. Systemic therapy 2. Clinical trial');
    expect(published).toContain('Sequence: Cisplatin-pemetrexed ×4, then atezolizumab');
    expect(published).toContain('improves disease-free survival (IMpower010)');
    expect(published).toContain('NCCN NSCLC v3.2026, NSCL-7 (evidence category 1)');
    expect(published).toContain('ESMO early-stage NSCLC 2025 (evidence category I, A)');
    expect(published).toContain('NCT04385368: MERMAID-1: durvalumab plus chemotherapy');
  });

  it('shows how the panel decided: tally, abstentions, turnout and specialties', () => {
    expect(published).toContain('Decided by: Vote of the panel');
    expect(published).toContain('Turnout: 7 of 8 eligible members voted (88%)');
    expect(published).toContain('Quorum: Met (7 counted, 5 required)');
    expect(published).toContain('Abstentions: 1');
    expect(published).toContain(
      'Option 1 — 5 of 6 votes cast (83%): Adjuvant cisplatin-pemetrexed ×4 followed by atezolizumab',
    );
    expect(published).toContain(
      'Option 2 — 1 of 6 votes cast (17%): Adjuvant chemotherapy ×4 followed by postoperative',
    );
    expect(published).toContain('Option 3 — 0 of 6 votes cast (0%): Enrolment in an adjuvant');
    expect(published).toContain(
      'Radiation oncology (2 eligible): Option 1: 1, Option 2: 1, Option 3: 0; abstentions 0',
    );
  });

  it('records the dissent and the signature', () => {
    expect(published).toContain('Dr Luc Martin (Radiation oncology)');
    expect(published).toContain('I would add postoperative radiotherapy (50 Gy in 25 fractions)');
    expect(published).toContain('Signed by: Dr Anna Weber');
    expect(published).toContain(
      'Signed at: Tuesday 3 March 2026, 18:42 (Europe/Paris) (2026-03-03T17:42:00.000Z)',
    );
    expect(published).toContain(`Content hash (SHA-256): ${CONTENT_HASH}`);
    expect(published).toContain(`Signature (HMAC-SHA256): ${SIGNATURE_VALUE}`);
  });

  it('numbers every page and repeats the content hash in the footer', () => {
    const pages = Number(/Page 1 of (\d+)/.exec(published)?.[1]);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++) {
      expect(published).toContain(`Page ${page} of ${pages}`);
    }
    expect(published.split(`Content hash (SHA-256): ${CONTENT_HASH}`).length - 1).toBe(pages + 1);
  });

  it('shows an unsigned draft amendment with its reason and empty sections as None', () => {
    expect(amendment).toContain(
      'Amends version 1: Pathology addendum: EGFR exon 19 deletion; osimertinib replaces atezolizumab',
    );
    expect(amendment).toContain('Version: 2');
    expect(amendment).toContain('Status: Draft, not signed: not for clinical use');
    expect(amendment).toContain('Meeting: None (decided outside a meeting)');
    expect(amendment).toContain('Staging None Biomarkers');
    expect(amendment).toContain('Histology: Not recorded');
    expect(amendment).toContain("Decided by: The chair's casting vote (the panel was tied)");
    expect(amendment).toContain('Dissent None Signature');
    expect(amendment).toContain('Not signed.');
    expect(amendment).not.toContain('Signed by:');
  });

  it('keeps special characters and spells out what the standard fonts cannot show', () => {
    expect(special).toContain(
      'Resect if FEV1 > 60% & DLCO >= 50%; “watch & wait” if <2 cm. Überweisung to Dr Müller.',
    );
    expect(special).toContain(
      'Is <b>surgery</b> & “adjuvant” therapy appropriate for Frau Jäger’s tumour?',
    );
    expect(special).toContain('“ypN0”; ü, é, ñ.');
  });

  it('breaks long text across pages', () => {
    const longPages = Number(/Page 1 of (\d+)/.exec(special)?.[1]);
    const shortPages = Number(/Page 1 of (\d+)/.exec(published)?.[1]);
    expect(longPages).toBeGreaterThan(shortPages);
    expect(special.match(/“ypN0”/g)).toHaveLength(60);
  });
});
