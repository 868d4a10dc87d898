import { BoardRole, RecommendationReport, Specialty, TreatmentModality } from '@app/contracts';

/**
 * Recommendation reports for the PDF and FHIR specs: a published NSCLC case decided by vote with
 * a minority opinion, a draft amendment, and one full of characters that need escaping.
 */
export const IDS = {
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
export const MRN = 'MRN-00918273';
export const SIGNATURE_VALUE = '9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d0f';
export const CONTENT_HASH = '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b';

/** A right upper lobe adenocarcinoma, upstaged to pN2 at lobectomy: signed and published. */
export function lungReport(): RecommendationReport {
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
export function draftAmendment(): RecommendationReport {
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
export function specialCharacters(): RecommendationReport {
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
