import { RecommendationReport } from '@app/contracts';
import {
  CONTENT_HASH,
  MRN,
  SIGNATURE_VALUE,
  draftAmendment,
  lungReport,
  pdfText,
  specialCharacters,
} from '@app/testing';
import { renderRecommendationPdf } from './recommendation-pdf';

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
    expect(published).toContain('NCT04385368 (MERMAID-1: durvalumab plus chemotherapy');
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
