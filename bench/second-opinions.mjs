// Second-opinion benchmark: BENCH_REQUESTS requests (default 100) go from
// referral to delivered opinion on the demo board through the real API
// (intake, three records uploaded by link, review by one specialist,
// delivery), then the referrer downloads both PDFs and asks a question that
// the reviewer answers (a new version). Measures the delivery (issuing both
// PDFs), the addendum, the referrer's download and the board's quality
// metrics over all of them, as JSON and CSV.
//
//   npm run build && node bench/second-opinions.mjs
//
// Prints one JSON object (and exits non-zero if a figure disagrees with what was sent).
import { randomBytes } from 'node:crypto';
import { PDFDocument } from '@cantoo/pdf-lib';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { login } from './board.mjs';
import { api, rssKiB, startOurs, stopAll } from './notes/servers.mjs';
import { envNumber, mapLimit, now, progress, summarise } from './notes/util.mjs';

const REQUESTS = envNumber('BENCH_REQUESTS', 100);
const CONCURRENCY = envNumber('BENCH_CONCURRENCY', 4);
/** A real PDF of about 64 KiB (the server opens every upload), its text random. */
const RECORD = await recordPdf();

async function recordPdf() {
  const document = await PDFDocument.create();
  const page = document.addPage();
  page.drawText(
    randomBytes(48 * 1024)
      .toString('base64')
      .match(/.{1,90}/g)
      .join('\n'),
    {
      size: 4,
      lineHeight: 4,
      y: page.getHeight() - 8,
    },
  );
  return Buffer.from(await document.save({ useObjectStreams: false }));
}
const ASSESSMENT = {
  diagnosis: 'Adenocarcinoma of the right upper lobe, single-station N2',
  stage: 'cT2aN2M0, stage IIIA (AJCC 8)',
  recommendation: 'Definitive concurrent chemoradiotherapy, then durvalumab consolidation',
  alternatives: ['Induction chemo-immunotherapy, then lobectomy', 'A perioperative clinical trial'],
  risks: 'Radiation pneumonitis and oesophagitis; immune-related adverse events',
  pros: 'Avoids the risks of a pneumonectomy',
  cons: 'Six weeks of daily treatment',
};
const SUMMARY =
  'Gli esperti consigliano la chemioradioterapia seguita da immunoterapia, invece della ' +
  'chirurgia. Ne parli con il suo oncologo: la decisione si prende insieme.';

const timed = async (work) => {
  const started = now();
  const result = await work();
  return { ms: now() - started, result };
};

async function upload(server, url, kind) {
  const form = new FormData();
  form.append('title', kind);
  form.append('file', new Blob([RECORD], { type: 'application/pdf' }), `${kind}.pdf`);
  const response = await fetch(`${server.http}/api/v1/uploads/${url.split('/').pop()}`, {
    method: 'POST',
    body: form,
  });
  if (response.status !== 201) throw new Error(`upload → ${response.status}`);
}

async function download(server, path) {
  const started = now();
  const response = await fetch(`${server.http}${path}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`${path} → ${response.status}`);
  return { ms: now() - started, bytes: bytes.length };
}

const root = mkdtempSync(join(tmpdir(), 'tumor-board-second-opinion-bench-'));
chmodSync(root, 0o755);
const secrets = {
  jwtSecret: randomBytes(32).toString('hex'),
  mrnKey: randomBytes(32).toString('base64'),
};
let consistent = false;
try {
  const server = await startOurs({ dataDir: join(root, 'data'), secrets, label: 'server' });
  const coordinator = await login(server, 'coordinator@demo.local');
  const reviewer = await login(server, 'chair@demo.local');
  const [board] = await api(server, 'GET', '/api/v1/boards', coordinator);
  const reviewerId = (await api(server, 'GET', '/api/v1/users/me', reviewer)).id;

  progress(`${REQUESTS} requests from referral to delivered opinion`);
  const runs = await mapLimit(
    Array.from({ length: REQUESTS }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      const request = await api(
        server,
        'POST',
        `/api/v1/boards/${board.id}/second-opinions`,
        coordinator,
        {
          type: 'treatment_plan',
          priority: i % 5 === 0 ? 'urgent' : 'routine',
          patient: {
            reference: `BENCH-SO-${i}`,
            birthYear: 1950 + (i % 40),
            sex: i % 2 ? 'male' : 'female',
          },
          preferredLanguage: 'it',
          country: 'IT',
          timezone: 'Europe/Rome',
          question: 'Surgery after induction, or definitive chemoradiotherapy?',
          referrer: {
            name: 'Dr M. Rossi',
            institution: 'Ospedale San Carlo, Milano',
            email: 'm.rossi@sancarlo.example',
          },
          firstOpinion: {
            diagnosis: 'Adenocarcinoma of the right upper lobe',
            stage: 'cT2aN2M0, IIIA',
            proposedTreatment: 'Neoadjuvant chemotherapy, then lobectomy',
            institution: 'Ospedale San Carlo, Milano',
            physician: 'Dr M. Rossi',
          },
          consent: {
            grantedBy: 'patient',
            grantedAt: new Date(Date.now() - 86_400_000).toISOString(),
            scope: ['share_records', 'process_records'],
          },
          payer: { payer: 'Self-pay', coverageVerified: true },
          followUpQuestions: 1,
        },
      );
      const base = `/api/v1/second-opinions/${request.id}`;
      for (const kind of ['pathology_report', 'radiology_report', 'clinical_note']) {
        const link = await api(server, 'POST', `${base}/upload-links`, coordinator, { kind });
        await upload(server, link.url, kind);
      }
      await api(server, 'POST', `${base}/reviewers`, coordinator, { userIds: [reviewerId] });
      await api(server, 'POST', `${base}/review/attestation`, reviewer, { noConflict: true });
      await api(server, 'POST', `${base}/review/assessment`, reviewer, ASSESSMENT);
      const classification = ['confirmed', 'clarified', 'treatment_changed', 'diagnosis_changed'][
        i % 4
      ];
      await api(server, 'POST', `${base}/review/concordance`, reviewer, {
        classification,
        rationale:
          classification === 'confirmed'
            ? undefined
            : 'Single-station N2: chemoradiotherapy preferred',
      });
      const delivery = await timed(() =>
        api(server, 'POST', `${base}/opinion`, coordinator, { patientSummary: SUMMARY }),
      );
      const token = delivery.result.referrerLink.url.split('/').pop();
      const clinical = await download(server, `/api/v1/opinions/${token}/clinical-report.pdf`);
      const patient = await download(server, `/api/v1/opinions/${token}/patient-summary.pdf`);
      await api(server, 'POST', `/api/v1/opinions/${token}/questions`, null, {
        question: 'Could the radiotherapy be given closer to home?',
      });
      const addendum = await timed(() =>
        api(server, 'POST', `${base}/questions/1/answer`, reviewer, {
          answer: 'Yes: any centre with IMRT and daily image guidance can deliver it.',
        }),
      );
      if ((i + 1) % 25 === 0) progress(`${i + 1} delivered`);
      return {
        classification,
        delivery: delivery.ms,
        addendum: addendum.ms,
        clinical,
        patient,
        version: addendum.result.version,
      };
    },
  );

  const today = new Date();
  const day = (offset) =>
    new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const query = `from=${day(-1)}&to=${day(1)}&analyticCaseload=${REQUESTS}`;
  const metricsPath = `/api/v1/boards/${board.id}/quality-metrics?${query}`;
  const metricsRuns = [];
  const csvRuns = [];
  let metrics = null;
  for (let k = 0; k < 20; k += 1) {
    const json = await timed(() => api(server, 'GET', metricsPath, coordinator));
    metricsRuns.push(json.ms);
    metrics = json.result;
    const started = now();
    const csv = await fetch(`${server.http}${metricsPath}&format=csv`, {
      headers: { authorization: `Bearer ${coordinator}` },
    });
    await csv.text();
    csvRuns.push(now() - started);
  }
  const sent = {};
  for (const run of runs) sent[run.classification] = (sent[run.classification] ?? 0) + 1;
  const counted = Object.fromEntries(
    metrics.concordance.classes.map((entry) => [entry.classification, entry.share.numerator]),
  );
  consistent =
    metrics.concordance.classified === REQUESTS &&
    Object.entries(sent).every(([classification, count]) => counted[classification] === count) &&
    runs.every((run) => run.version === 2);

  process.stdout.write(
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cores: cpus().length,
        requests: REQUESTS,
        concurrency: CONCURRENCY,
        deliveryMs: summarise(runs.map((run) => run.delivery)),
        addendumMs: summarise(runs.map((run) => run.addendum)),
        referrerClinicalPdfDownloadMs: summarise(runs.map((run) => run.clinical.ms)),
        clinicalPdfBytes: summarise(runs.map((run) => run.clinical.bytes)),
        patientSummaryPdfBytes: summarise(runs.map((run) => run.patient.bytes)),
        qualityMetricsJsonMs: summarise(metricsRuns),
        qualityMetricsCsvMs: summarise(csvRuns),
        concordance: { sent, counted, consistent },
        serverRssMiB: Math.round(rssKiB(server.pid) / 1024),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await stopAll();
  rmSync(root, { recursive: true, force: true });
}
if (!consistent) process.exitCode = 1;
