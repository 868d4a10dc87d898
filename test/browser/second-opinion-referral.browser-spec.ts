/**
 * A second opinion from referral to arbitration, in the browser only, on the real server:
 *
 * a coordinator takes in a Spanish patient's referral on the Thoracic board (its first opinion
 * written with marker strings), asks the referrer for two records with single-use upload links
 * and waives the third → the referrer, on a phone in Spanish, uploads each record through its
 * link (the token leaves the address at once; a used link says so) → the coordinator assigns a
 * pathologist (after the independence rule refuses someone from the first opinion's institution)
 * → the pathologist reviews BLIND: no marker of the first opinion in any API answer their browser
 * receives, nor in the page, until their own assessment is in; then the first opinion beside it,
 * and the concordance → delivery with a Spanish patient summary → the referrer reads the opinion,
 * downloads its clinical report and asks a question; the pathologist's answer is version 2 →
 * a radiologist arbitrates, blind to BOTH earlier opinions until their assessment is in, and
 * upholds the second opinion: version 3 → the referrer opens the same link in Arabic, laid out
 * right to left.
 *
 * The referrer's links are opened exactly as the coordinator's page shows them: the server's
 * PUBLIC_URL is this test server's own address.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { BrowserContext, Page, Request, Response } from 'playwright-core';
import { UsersService } from '@app/auth';
import { BoardsService } from '@app/boards';
import { BoardRole, PlatformRole, Specialty } from '@app/contracts';
import {
  checkA11y,
  expectNoConsoleProblems,
  pathOf,
  problemsOf,
  screenshot,
  signIn,
  useBrowserApp,
  type BrowserAppOptions,
  type HttpProblem,
} from './support/browser';
import { escapeRegExp, expectText, fillNumber, settled, toggleByKeyboard } from './support/ui';
import { minimalPdf } from '../support/documents';

const PHONE = { width: 390, height: 844 };
const BOARD = 'Thoracic Oncology Board';
const PATIENT = 'SO-ES-1717';
const REVIEW_LINK = `${PATIENT}: Treatment plan review`;
const REFERRER = {
  name: 'Dr Javier Remitente',
  institution: 'Hospital Universitario La Paz, Madrid',
  email: 'j.remitente@lapaz.example',
};
/** The first opinion, in words no other part of the request uses: none may reach a blinded reader. */
const FIRST = {
  physician: 'Dr Lucía Firstview',
  diagnosis: 'Small cell carcinoma of the right upper lobe (first team)',
  stage: 'cT2a cN0 M0, stage IB by the first team',
  treatment: 'Primary lobectomy proposed by the first team',
  institution: REFERRER.institution,
};
const FIRST_MARKERS = [FIRST.physician, FIRST.diagnosis, FIRST.stage, FIRST.treatment];
const QUESTION =
  '¿Es la cirugía el tratamiento inicial adecuado para este tumor del lóbulo superior derecho?';
const UPLOADS = {
  pathology: {
    label: 'Pathology report',
    spanish: 'Informe de anatomía patológica',
    file: 'biopsia-lsd-1717.pdf',
    title: 'Biopsia por broncoscopia, lóbulo superior derecho',
  },
  letter: {
    label: 'Clinical summary or referral letter with the proposed treatment',
    spanish: 'Resumen clínico o carta de derivación con el tratamiento propuesto',
    file: 'carta-derivacion-lapaz-1717.pdf',
    title: 'Carta de derivación del Servicio de Neumología',
  },
};
const WAIVER = 'The staging CT travels as DICOM through the PACS link; no separate report exists.';
/** The pathologist's assessment: the second opinion, which the arbiter must not see before theirs. */
const SECOND = {
  diagnosis: 'Adenocarcinoma of the right upper lobe, EGFR exon 19 deletion',
  stage: 'cT2a cN0 M0, stage IB (AJCC 8th edition)',
  recommendation:
    'Lobectomy with mediastinal lymph node dissection, then adjuvant osimertinib for three years',
  alternatives: [
    'Stereotactic ablative radiotherapy if the patient declines surgery (non-surgical)',
    'Osimertinib first and restaging at 12 weeks (non-surgical)',
  ],
  risks: 'Prolonged air leak and atrial fibrillation after lobectomy; interstitial lung disease.',
  pros: 'Curative intent with the best disease-free survival reported for resected EGFR disease.',
  cons: 'Three years of targeted therapy with its cost and skin and bowel toxicity.',
  rationale:
    'TTF-1 and napsin A positive with an EGFR exon 19 deletion: not small cell carcinoma (pathologist review 1717).',
};
const PATIENT_SUMMARY =
  'La segunda opinión confirma un adenocarcinoma de pulmón con una mutación del gen EGFR. ' +
  'Se recomienda la cirugía seguida de un tratamiento con pastillas durante tres años.';
const REFERRER_QUESTION =
  '¿Recomiendan repetir la biopsia antes de iniciar el tratamiento con osimertinib?';
const ANSWER =
  'No hace falta repetir la biopsia: la deleción del exón 19 está confirmada en la muestra enviada (respuesta 1717).';
const ARBITRATION_REASON =
  'The two opinions disagree on the histology; a third independent reader settles which stands (request 1717).';
/** The second opinion as it reached the written opinion: the arbiter must not see it before their own assessment. */
const SECOND_MARKERS = [SECOND.diagnosis, SECOND.recommendation, SECOND.rationale, ANSWER];
const ARBITER = {
  diagnosis: 'Primary lung adenocarcinoma of the right upper lobe (arbiter reading)',
  recommendation: 'Anatomical resection, then adjuvant EGFR-targeted therapy (arbiter reading)',
  alternatives: ['Definitive stereotactic radiotherapy (non-surgical, arbiter)'],
  risks: 'Operative risks are acceptable for a patient with an FEV1 of 82% (arbiter).',
  pros: 'Solid lesion without ground glass and no small cell features on the imaging (arbiter).',
  cons: 'Surgery delays systemic therapy by about six weeks (arbiter).',
  rationale:
    'The imaging fits an adenocarcinoma; the immunohistochemistry supports the second opinion.',
};
/** Someone from the first opinion's institution, on the board: the independence rule refuses them. */
const SAME_INSTITUTION = {
  email: 'i.lapaz@lapaz.example',
  displayName: 'Dr Inés Lapaz',
};

/** `before`, then `text` as the referrer's pages isolate a name in a sentence (FSI … PDI), at the end. */
function isolated(before: string, text: string): RegExp {
  return new RegExp(`${escapeRegExp(before)}\u2068?${escapeRegExp(text)}\u2069?`);
}

/** A port free now, for the server to listen on and name in the links it hands out. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function isApi(url: string): boolean {
  return new URL(url).pathname.startsWith('/api/');
}

/**
 * Everything the API answered a page, read whole, from the moment it is watched until the
 * request `cutoff` recognises (that request and all after it are not read). Each answer is
 * checked for the forbidden strings, as received and (JSON) as decoded.
 */
class BlindingWatch {
  readonly read: string[] = [];
  readonly leaks: string[] = [];
  readonly unreadable: string[] = [];
  private sequence = 0;
  private cutoffAt = Number.POSITIVE_INFINITY;
  private readonly order = new WeakMap<Request, number>();
  private readonly pending: Promise<void>[] = [];

  constructor(
    page: Page,
    private readonly forbidden: readonly string[],
    private readonly cutoff: (request: Request) => boolean,
  ) {
    page.on('request', (request) => {
      if (!isApi(request.url())) return;
      const at = this.sequence++;
      this.order.set(request, at);
      if (this.cutoffAt === Number.POSITIVE_INFINITY && this.cutoff(request)) this.cutoffAt = at;
    });
    page.on('response', (response) => {
      const at = this.order.get(response.request());
      if (at === undefined || at >= this.cutoffAt) return;
      this.pending.push(this.check(response));
    });
  }

  get cutOff(): boolean {
    return this.cutoffAt !== Number.POSITIVE_INFINITY;
  }

  private async check(response: Response): Promise<void> {
    const request = response.request();
    const name = `${request.method()} ${new URL(response.url()).pathname} → ${response.status()}`;
    let body: Buffer;
    try {
      body = await response.body();
    } catch (error) {
      this.unreadable.push(`${name}: ${(error as Error).message}`);
      return;
    }
    const raw = body.toString('utf8');
    const forms = [raw, body.toString('latin1')];
    if ((response.headers()['content-type'] ?? '').includes('json') && raw) {
      forms.push(JSON.stringify(JSON.parse(raw)));
    }
    this.read.push(name);
    for (const text of this.forbidden) {
      if (forms.some((form) => form.includes(text))) this.leaks.push(`${name} carries “${text}”`);
    }
  }

  /** Waits for every answer received so far to be read and checked. */
  async settle(): Promise<void> {
    for (let done = 0; done < this.pending.length;) {
      const batch = this.pending.slice(done);
      done = this.pending.length;
      await Promise.all(batch);
    }
  }
}

/** Fails when the page's markup (text and attributes) holds any of `forbidden`. */
async function expectNotInPage(page: Page, forbidden: readonly string[], when: string) {
  const html = await page.content();
  const found = forbidden.filter((text) => html.includes(text));
  if (found.length > 0) {
    throw new Error(`The page ${when} shows what it must not: ${found.join(' | ')}`);
  }
}

/** API refusals other than the session's own quiet refresh attempts. */
function refusals(page: Page): HttpProblem[] {
  return problemsOf(page).apiClientErrors.filter(
    (e) => !(e.url.endsWith('/api/v1/auth/refresh') && (e.status === 400 || e.status === 401)),
  );
}

describe('a second opinion from referral to arbitration, the referrer only through two links', () => {
  // The server names its own address in the links it hands out: the port is chosen before it starts.
  const options: BrowserAppOptions = { demoData: true, env: {} };
  beforeAll(async () => {
    const port = await freePort();
    options.port = port;
    options.env = { ...options.env, PUBLIC_URL: `http://127.0.0.1:${port}` };
  });
  const app = useBrowserApp(options);

  let failed = false;
  let coordinator: Page;
  let referrer: Page;
  let reviewer: Page;
  let arbiter: Page;
  let arabic: Page;
  let referrerContext: BrowserContext;
  let requestId = '';
  const uploadUrls: Record<keyof typeof UPLOADS, string> = { pathology: '', letter: '' };
  let opinionUrl = '';
  /** Every request a referrer's page sent, with its headers: none may carry a token as a referrer. */
  const referrerRequests: Array<{ url: string; referer: string | undefined }> = [];

  /** A step of the flow; after a failed step the rest say so instead of failing confusingly. */
  function step(name: string, run: () => Promise<void>) {
    it(name, async () => {
      if (failed) throw new Error('Not run: an earlier step of the flow failed.');
      try {
        await run();
      } catch (error) {
        failed = true;
        const pages = { coordinator, referrer, reviewer, arbiter, arabic };
        for (const [who, page] of Object.entries(pages)) {
          await page
            ?.screenshot({
              path: join(tmpdir(), `second-opinion-failure-${who}.png`),
              fullPage: true,
            })
            .catch(() => undefined);
        }
        throw error;
      }
    });
  }

  beforeAll(async () => {
    // A pathologist at the first opinion's institution, on the Thoracic board.
    const users = app.t.app.get(UsersService);
    const boards = app.t.app.get(BoardsService);
    const [casey] = (await users.list({ search: 'coordinator@demo.local' })).items;
    if (!casey) throw new Error('the demo coordinator is missing');
    const actor = { id: casey.id, sessionId: 'browser-spec', role: PlatformRole.User };
    const thoracic = (await boards.list(actor)).find((board) => board.name === BOARD);
    if (!thoracic) throw new Error(`the demo board “${BOARD}” is missing`);
    const colleague = await users.createActive(
      {
        email: SAME_INSTITUTION.email,
        displayName: SAME_INSTITUTION.displayName,
        specialty: Specialty.Pathology,
        institution: FIRST.institution,
      },
      'Quiet-Harbour-Lantern-Basil-77',
    );
    await boards.addMember(actor, thoracic.id, { userId: colleague.id, role: BoardRole.Panelist });
  });

  async function newReferrerPage(locale: string, timezoneId: string): Promise<Page> {
    const context = await app.newContext({ locale, timezoneId, viewport: PHONE });
    const page = await context.newPage();
    page.on('request', (request) => {
      void request
        .allHeaders()
        .then((headers) => referrerRequests.push({ url: request.url(), referer: headers.referer }))
        .catch(() => undefined);
    });
    if (locale.startsWith('es')) referrerContext = context;
    return page;
  }

  /** Scrolls `heading`'s card to the top of the viewport, with nothing focused, for a screenshot. */
  async function showCard(page: Page, heading: string) {
    const card = page.locator('section.card', {
      has: page.getByRole('heading', { name: heading, exact: true }),
    });
    await page.evaluate('document.activeElement?.blur()');
    await card.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    // The page's header stays on screen: leave a little room for it.
    await page.evaluate('window.scrollBy(0, -80)');
    return card;
  }

  const card = (page: Page, heading: string) =>
    page.locator('section.card', {
      has: page.getByRole('heading', { name: heading, exact: true }),
    });

  async function openRequest(page: Page) {
    await page.goto(`/second-opinions/${requestId}`);
    await page.getByRole('heading', { level: 1, name: `Second opinion: ${PATIENT}` }).waitFor();
    await settled(page);
  }

  async function openMyReview(page: Page, workspace: 'review' | 'arbitration') {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'My reviews' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'My reviews' }).waitFor();
    await settled(page);
    await page.getByRole('link', { name: REVIEW_LINK }).click();
    await page.waitForURL((url) => url.pathname === `/second-opinions/${requestId}/${workspace}`);
    await settled(page);
  }

  async function fillAssessment(page: Page, assessment: typeof SECOND | typeof ARBITER) {
    const form = page.getByRole('form', { name: 'Your independent assessment' });
    await form.getByRole('textbox', { name: 'Diagnosis', exact: true }).fill(assessment.diagnosis);
    if ('stage' in assessment) {
      await form.getByRole('textbox', { name: 'Stage (optional)' }).fill(assessment.stage);
    }
    await form.getByRole('textbox', { name: 'Recommendation' }).fill(assessment.recommendation);
    for (const [index, alternative] of assessment.alternatives.entries()) {
      await form.getByRole('button', { name: 'Add an alternative' }).click();
      await form.getByRole('textbox', { name: `Alternative ${index + 1}` }).fill(alternative);
    }
    await form.getByRole('textbox', { name: 'Risks' }).fill(assessment.risks);
    await form.getByRole('textbox', { name: 'Pros' }).fill(assessment.pros);
    await form.getByRole('textbox', { name: 'Cons' }).fill(assessment.cons);
    return form;
  }

  /** Chooses a radio of a React Aria group by its label (the input itself is visually hidden). */
  async function chooseRadio(page: Page, name: string) {
    await page.getByRole('radio', { name, exact: true }).locator('xpath=ancestor::label').click();
  }

  interface TextBox {
    left: number;
    right: number;
    direction: string;
    textAlign: string;
  }

  /**
   * Where the words of the first element matching `selector` start and end on screen (their own
   * extent, not their block's), with its computed direction and alignment.
   */
  function textBox(page: Page, selector: string): Promise<TextBox> {
    return page.evaluate<TextBox>(`(() => {
      const element = document.querySelector(${JSON.stringify(selector)});
      const range = document.createRange();
      range.selectNodeContents(element);
      const text = range.getBoundingClientRect();
      const style = getComputedStyle(element);
      return { left: text.left, right: text.right, direction: style.direction, textAlign: style.textAlign };
    })()`);
  }

  /** The content box (inside padding and border) of the first element matching `selector`. */
  function contentBox(page: Page, selector: string): Promise<{ left: number; right: number }> {
    return page.evaluate<{ left: number; right: number }>(`(() => {
      const element = document.querySelector(${JSON.stringify(selector)});
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return {
        left: box.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth),
        right: box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth),
      };
    })()`);
  }

  // -------------------------------------------------------------------------------------------
  step('1. the coordinator takes in the referral and asks for the records', async () => {
    coordinator = await app.newPage();
    await coordinator.goto('/');
    await signIn(coordinator, 'coordinator@demo.local');
    await coordinator
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Boards' })
      .click();
    await coordinator.waitForURL((url) => url.pathname === '/boards');
    await coordinator.getByRole('heading', { name: 'Boards', level: 1 }).waitFor();
    await settled(coordinator);
    await coordinator.getByRole('link', { name: BOARD, exact: true }).click();
    await coordinator
      .getByRole('navigation', { name: 'Board sections' })
      .getByRole('link', { name: 'Second opinions', exact: true })
      .click();
    await coordinator.waitForURL((url) => url.pathname.endsWith('/second-opinions'));
    await settled(coordinator);
    // The demo board already runs three requests.
    const list = coordinator.getByRole('table', { name: 'Second-opinion requests on this board' });
    await list.locator('tbody tr').nth(2).waitFor();
    await expect(list.locator('tbody tr').count()).resolves.toBe(3);
    await checkA11y(coordinator);
    await screenshot(coordinator, 'second-opinion-requests');
    await coordinator.getByRole('link', { name: 'New request' }).click();
    await coordinator
      .getByRole('heading', { level: 1, name: 'New second-opinion request' })
      .waitFor();

    const form = coordinator.getByRole('form', { name: 'New second-opinion request' });
    const text = (name: string) => form.getByRole('textbox', { name, exact: true });
    const choose = async (label: string, option: string) => {
      await form
        .getByRole('button', { name: new RegExp(`(^|\\s)${escapeRegExp(label)}$`) })
        .click();
      await coordinator.getByRole('option', { name: option, exact: true }).click();
    };
    const pick = async (label: string, typed: string, option: string) => {
      await form.getByRole('combobox', { name: label }).fill(typed);
      await coordinator.getByRole('option', { name: option, exact: true }).click();
      await expect(form.getByRole('combobox', { name: label }).inputValue()).resolves.toBe(option);
    };
    await choose('Type', 'Treatment plan');
    await fillNumber(text('Follow-up questions allowed'), 3);
    await text('Question for the second opinion').fill(QUESTION);
    await text('Patient reference (pseudonym)').fill(PATIENT);
    await fillNumber(text('Year of birth'), 1958);
    await choose('Sex', 'Female');
    await pick('Preferred language', 'Spanish', 'Spanish (español)');
    await pick('Country', 'Spain', 'Spain');
    await pick('Time zone', 'Madrid', 'Europe/Madrid');
    await text('Referring physician').fill(REFERRER.name);
    await text("Referrer's institution").fill(REFERRER.institution);
    await text("Referrer's email").fill(REFERRER.email);
    await text('Diagnosis').fill(FIRST.diagnosis);
    await text('Stage').fill(FIRST.stage);
    await text('Proposed treatment').fill(FIRST.treatment);
    await text('Institution of the first opinion').fill(FIRST.institution);
    await text('Physician of the first opinion').fill(FIRST.physician);
    await choose('Given by', 'The patient');
    await form
      .getByLabel('Given on')
      .fill(
        DateTime.now()
          .setZone('America/New_York')
          .minus({ days: 1 })
          .toFormat("yyyy-MM-dd'T'HH:mm"),
      );
    for (const scope of [
      'Share the records with the reviewers',
      'Process the records for this opinion',
      'Transfer the records across borders',
    ]) {
      await toggleByKeyboard(form.getByRole('checkbox', { name: scope }));
    }
    await text('Payer').fill('Sanitas (private insurance)');
    await toggleByKeyboard(form.getByRole('checkbox', { name: 'Coverage verified' }));
    await checkA11y(coordinator);
    await form.getByRole('button', { name: 'Take in the request' }).click();

    await coordinator.waitForURL((url) => /^\/second-opinions\/[0-9a-f-]{36}$/.test(url.pathname));
    requestId = pathOf(coordinator).split('/')[2]!;
    await coordinator
      .getByRole('heading', { level: 1, name: `Second opinion: ${PATIENT}` })
      .waitFor();
    await settled(coordinator);
    const details = card(coordinator, 'Request');
    await expectText(details, 'Spanish (español)');
    await expectText(details, 'Spain (Europe/Madrid)');
    await expectText(details, `${REFERRER.name}, ${REFERRER.institution}`);
    await expectText(details, '3 allowed after delivery');
    await expectText(card(coordinator, 'First opinion'), FIRST.physician);

    const records = card(coordinator, 'Records');
    await expectText(records, 'Missing: Pathology report; Radiology report(s);');
    for (const which of ['pathology', 'letter'] as const) {
      const { label } = UPLOADS[which];
      await records.getByRole('button', { name: `Create upload link: ${label}` }).click();
      const dialog = coordinator.getByRole('dialog', { name: `Upload link: ${label}` });
      await dialog.getByRole('button', { name: 'Create the link' }).click();
      await dialog.waitFor({ state: 'detached' });
      const shown = records.getByRole('textbox', { name: `Upload link: ${label}` });
      uploadUrls[which] = await shown.inputValue();
      // The link is the referrer's page on this server, with its token.
      expect(uploadUrls[which]).toMatch(new RegExp(`^${escapeRegExp(app.baseUrl)}/uploads/[^/]+$`));
      await expectText(
        records.getByRole('group', { name: `Upload link: ${label}` }),
        'Shown only once.',
      );
    }
    expect(uploadUrls.pathology).not.toBe(uploadUrls.letter);

    await records.getByRole('button', { name: 'Waive: Radiology report(s)' }).click();
    const waive = coordinator.getByRole('dialog', { name: 'Waive: Radiology report(s)' });
    await waive.getByRole('textbox', { name: 'Reason' }).fill(WAIVER);
    await waive.getByRole('button', { name: 'Waive the record' }).click();
    await waive.waitFor({ state: 'detached' });
    await expectText(records, WAIVER);
    await expectText(records, `Missing: ${UPLOADS.pathology.label}; ${UPLOADS.letter.label}.`);
    await checkA11y(coordinator);
  });

  // -------------------------------------------------------------------------------------------
  step('2. the referrer uploads each record through its link, on a phone, in Spanish', async () => {
    referrer = await newReferrerPage('es-ES', 'Europe/Madrid');
    for (const which of ['pathology', 'letter'] as const) {
      const upload = UPLOADS[which];
      const token = new URL(uploadUrls[which]).pathname.split('/')[2]!;
      await referrer.goto(uploadUrls[which]);
      await referrer
        .getByRole('heading', { level: 1, name: 'Enviar un documento clínico' })
        .waitFor();
      // The token left the address (and so the history) at once.
      await referrer.waitForURL((url) => url.pathname === '/uploads');
      expect(referrer.url()).not.toContain(token);
      await expect(referrer.evaluate('document.documentElement.lang')).resolves.toBe('es-ES');
      await expect(referrer.title()).resolves.toBe('Enviar un documento clínico – Tumor Board');
      await expectText(referrer.locator('.referrer-requested'), upload.spanish);

      await referrer.locator('input[type="file"]').setInputFiles({
        name: upload.file,
        mimeType: 'application/pdf',
        buffer: minimalPdf([upload.title, `Paciente ${PATIENT}`, 'Documento sintético de prueba']),
      });
      await referrer
        .getByRole('status')
        .filter({ hasText: isolated('Seleccionado: ', upload.file) })
        .waitFor();
      await referrer.getByRole('textbox', { name: 'Título del documento' }).fill(upload.title);
      if (which === 'pathology') {
        await checkA11y(referrer);
        await referrer.evaluate('document.activeElement?.blur()');
        await screenshot(referrer, 'second-opinion-referrer-upload', { fullPage: true });
      }

      // The upload is held at the network until its progress has been seen.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await referrer.route('**/api/v1/uploads/*', async (route) => {
        if (route.request().method() === 'POST') await held;
        await route.continue();
      });
      const sent = referrer.waitForResponse(
        (r) => r.request().method() === 'POST' && isApi(r.url()) && r.url().includes('/uploads/'),
      );
      await referrer.getByRole('button', { name: 'Enviar documento' }).click();
      const progress = referrer.getByRole('progressbar', {
        name: isolated('Enviando ', upload.file),
      });
      await progress.waitFor();
      await referrer.getByRole('button', { name: 'Cancelar el envío' }).waitFor();
      release();
      expect((await sent).status()).toBe(201);
      await referrer.unroute('**/api/v1/uploads/*');
      await referrer.getByRole('heading', { level: 1, name: 'Documento recibido' }).waitFor();
      const done = referrer.locator('.referrer-done');
      await expectText(done, upload.title);
      await expectText(done, upload.file);
      if (which === 'pathology') {
        await checkA11y(referrer);
        await referrer.evaluate('document.activeElement?.blur()');
        await screenshot(referrer, 'second-opinion-referrer-upload-received', { fullPage: true });
      }
    }

    // The used link, opened again: gone, said in Spanish.
    await referrer.goto(uploadUrls.pathology);
    await referrer
      .getByRole('heading', { level: 1, name: 'Este enlace de envío ya se ha utilizado' })
      .waitFor();
    await referrer
      .getByText('Cada enlace de envío admite un solo archivo.', { exact: false })
      .waitFor();
    await referrer.waitForURL((url) => url.pathname === '/uploads');
    await checkA11y(referrer);
  });

  // -------------------------------------------------------------------------------------------
  step(
    '3. the checklist is complete; the independence rule refuses a colleague of the first team',
    async () => {
      await openRequest(coordinator);
      const records = card(coordinator, 'Records');
      await expectText(records, 'Every required record has been received or waived.');
      await expectText(records, UPLOADS.pathology.title);
      await expectText(records, UPLOADS.letter.title);
      await expectText(records, 'through the referrer’s link');
      await expectText(coordinator.locator('.page-header'), 'Under review');

      const reviewers = card(coordinator, 'Reviewers');
      const form = reviewers.getByRole('form', { name: 'Assign reviewers' });
      await expectText(form, `No one from the first opinion’s institution (${FIRST.institution})`);
      const colleague = form.getByRole('checkbox', {
        name: new RegExp(`^${SAME_INSTITUTION.displayName}`),
      });
      await expectText(
        colleague.locator('xpath=ancestor::label'),
        'Same institution as the first opinion',
      );
      await toggleByKeyboard(colleague);
      await form.getByRole('button', { name: 'Assign reviewers' }).click();
      await expectText(
        form.getByRole('alert'),
        `${SAME_INSTITUTION.displayName} works at ${FIRST.institution}, the first opinion’s institution: an independent review cannot come from there.`,
      );
      await toggleByKeyboard(colleague);
      await toggleByKeyboard(form.getByRole('checkbox', { name: /^Dr Pat Pathologist/ }));
      await form.getByRole('button', { name: 'Assign reviewers' }).click();
      await form.getByRole('status').filter({ hasText: 'Assigned: Dr Pat Pathologist.' }).waitFor();
      const row = reviewers.getByRole('row', { name: /Dr Pat Pathologist/ });
      await expectText(row, 'Not yet answered');
      await checkA11y(coordinator);
    },
  );

  // -------------------------------------------------------------------------------------------
  step(
    '4. the pathologist reviews blind, then sees the first opinion beside their assessment',
    async () => {
      reviewer = await app.newPage();
      // Signed out, the app asks once whether a session survives: nothing to read there yet.
      await reviewer.goto('/');
      await reviewer.getByRole('button', { name: 'Sign in' }).waitFor();
      // Everything the API answers this browser until the assessment is sent is read and checked.
      const watch = new BlindingWatch(
        reviewer,
        [
          ...FIRST_MARKERS,
          // The referral letter may state the first opinion: withheld, its title and name too.
          UPLOADS.letter.title,
          UPLOADS.letter.file,
        ],
        (request) => request.method() === 'POST' && request.url().endsWith('/review/assessment'),
      );
      await signIn(reviewer, 'pathology@demo.local');
      await openMyReview(reviewer, 'review');
      await reviewer
        .getByRole('heading', { level: 1, name: `Second-opinion review: ${PATIENT}` })
        .waitFor();
      await expectText(card(reviewer, 'The request'), QUESTION);
      await expectNotInPage(reviewer, FIRST_MARKERS, 'before the attestation');

      await reviewer.getByRole('button', { name: 'I have no conflict of interest' }).click();
      const records = card(reviewer, 'Records');
      const letter = records.getByRole('row', {
        name: new RegExp(`^${escapeRegExp(UPLOADS.letter.label)}`),
      });
      await expectText(letter, 'Withheld');
      await expectText(letter, 'Not downloadable yet');
      await expect(letter.getByRole('button').count()).resolves.toBe(0);
      const pathology = records.getByRole('row', { name: /^Pathology report/ });
      await expectText(pathology, UPLOADS.pathology.title);
      const download = reviewer.waitForEvent('download');
      await pathology.getByRole('button', { name: `Download ${UPLOADS.pathology.title}` }).click();
      const saved = await download;
      expect(saved.suggestedFilename()).toBe(UPLOADS.pathology.file);
      const bytes = await readFile((await saved.path())!);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await expectNotInPage(
        reviewer,
        [...FIRST_MARKERS, UPLOADS.letter.title],
        'with the records open',
      );

      await fillAssessment(reviewer, SECOND);
      await expectNotInPage(reviewer, FIRST_MARKERS, 'with the assessment written');
      await checkA11y(reviewer);
      await reviewer.evaluate('document.activeElement?.blur(); window.scrollTo(0, 0)');
      await screenshot(reviewer, 'second-opinion-review-blinded');

      await reviewer.getByRole('button', { name: 'Submit the assessment…' }).click();
      const confirm = reviewer.getByRole('alertdialog', { name: 'Submit your assessment?' });
      await expectText(confirm, 'The first opinion is then shown to you beside it.');
      await expectNotInPage(reviewer, FIRST_MARKERS, 'while confirming the assessment');
      // Up to here, nothing the browser received may hold the first opinion; nor was anything
      // withheld asked for (a refusal would show the page reaching for it).
      await watch.settle();
      expect(watch.cutOff).toBe(false);
      expect(watch.unreadable).toEqual([]);
      expect(watch.leaks).toEqual([]);
      expect(watch.read).toEqual(
        expect.arrayContaining([
          'GET /api/v1/me/second-opinion-reviews → 200',
          `GET /api/v1/second-opinions/${requestId} → 200`,
          `GET /api/v1/second-opinions/${requestId}/review → 200`,
          `POST /api/v1/second-opinions/${requestId}/review/attestation → 200`,
          `GET /api/v1/second-opinions/${requestId}/records → 200`,
        ]),
      );
      expect(refusals(reviewer)).toEqual([]);

      await confirm.getByRole('button', { name: 'Submit assessment' }).click();
      await confirm.waitFor({ state: 'detached' });
      expect(watch.cutOff).toBe(true);
      // Now, and only now, the first opinion beside the assessment.
      const compared = card(reviewer, 'The first opinion beside your assessment');
      const table = compared.getByRole('table', {
        name: 'The first opinion and your assessment, side by side',
      });
      await expectText(table, `${FIRST.physician}, ${FIRST.institution}`);
      await expectText(table, FIRST.diagnosis);
      await expectText(table, FIRST.treatment);
      await expectText(table, SECOND.diagnosis);
      await expectText(table, SECOND.recommendation);
      // The referral letter opens too.
      await expectText(
        records.getByRole('row', { name: new RegExp(`^${escapeRegExp(UPLOADS.letter.label)}`) }),
        UPLOADS.letter.title,
      );

      const verdict = reviewer.getByRole('form', { name: 'Concordance with the first opinion' });
      await chooseRadio(reviewer, 'Diagnosis changed');
      await verdict.getByRole('textbox', { name: 'Rationale' }).fill(SECOND.rationale);
      await checkA11y(reviewer);
      await showCard(reviewer, 'The first opinion beside your assessment');
      await screenshot(reviewer, 'second-opinion-review-side-by-side');
      await verdict.getByRole('button', { name: 'Record the classification' }).click();
      await reviewer.getByRole('status').filter({ hasText: 'Your review is complete.' }).waitFor();
      await expectText(card(reviewer, 'Concordance'), SECOND.rationale);
    },
  );

  // -------------------------------------------------------------------------------------------
  step('5. the coordinator delivers the opinion with a Spanish patient summary', async () => {
    await openRequest(coordinator);
    const row = card(coordinator, 'Reviewers').getByRole('row', { name: /Dr Pat Pathologist/ });
    await expectText(row, 'No conflict');
    await expectText(row, 'Submitted');
    await expectText(row, 'Diagnosis changed');
    const deliver = coordinator.getByRole('form', { name: 'Deliver the opinion' });
    await expectText(deliver, 'written in Spanish (español)');
    await deliver.getByRole('textbox', { name: 'Patient summary' }).fill(PATIENT_SUMMARY);
    await deliver.getByRole('button', { name: 'Deliver the opinion' }).click();
    const written = card(coordinator, 'Written opinion');
    const link = written.getByRole('textbox', { name: 'Referrer’s link to the opinion' });
    await link.waitFor();
    opinionUrl = await link.inputValue();
    expect(opinionUrl).toMatch(new RegExp(`^${escapeRegExp(app.baseUrl)}/opinions/[^/]+$`));
    await expectText(written, SECOND.diagnosis);
    await expectText(written, PATIENT_SUMMARY);
    await expectText(coordinator.locator('.page-header'), 'Opinion delivered');
    await checkA11y(coordinator);
  });

  // -------------------------------------------------------------------------------------------
  step('6. the referrer reads the opinion, downloads its report and asks a question', async () => {
    const token = new URL(opinionUrl).pathname.split('/')[2]!;
    await referrer.goto(opinionUrl);
    await referrer.getByRole('heading', { level: 1, name: 'Segunda opinión' }).waitFor();
    await referrer.waitForURL((url) => url.pathname === '/opinions');
    expect(referrer.url()).not.toContain(token);
    await expect(referrer.title()).resolves.toBe('Segunda opinión – Tumor Board');
    await expectText(referrer.locator('.referrer-reference'), PATIENT);
    const versions = referrer.locator('.referrer-versions > li');
    await expect(versions.count()).resolves.toBe(1);
    await expectText(versions.first(), 'Versión 1');
    await expectText(versions.first(), 'Opinión original');

    const download = referrer.waitForEvent('download');
    await versions.first().getByRole('button', { name: 'Informe clínico (PDF) Versión 1' }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('second-opinion-v1.pdf');
    const bytes = await readFile((await saved.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const questions = referrer.locator('section.referrer-card', {
      has: referrer.getByRole('heading', { name: 'Preguntas de seguimiento' }),
    });
    await expectText(questions, 'Esta opinión incluye 3 preguntas de seguimiento.');
    await expectText(questions.locator('.referrer-remaining'), 'Quedan 3 preguntas');
    await questions.getByRole('textbox', { name: 'Su pregunta' }).fill(REFERRER_QUESTION);
    await questions.getByRole('button', { name: 'Enviar pregunta' }).click();
    await questions.getByRole('status').filter({ hasText: 'Su pregunta se ha enviado.' }).waitFor();
    await expectText(questions.locator('.referrer-remaining'), 'Quedan 2 preguntas');
    await expectText(questions, REFERRER_QUESTION);
    await expectText(questions, 'Pendiente de respuesta por parte de los revisores.');
    await checkA11y(referrer);
    await referrer.evaluate('document.activeElement?.blur(); window.scrollTo(0, 0)');
    await screenshot(referrer, 'second-opinion-referrer-opinion', { fullPage: true });
  });

  // -------------------------------------------------------------------------------------------
  step(
    '7. the pathologist answers it as an addendum; the referrer reads it in version 2',
    async () => {
      // The server lets the reviewers who gave the opinion answer its questions, not coordinators.
      // The pathologist comes back to the app for it.
      await reviewer.goto('/');
      await openMyReview(reviewer, 'review');
      const asked = card(reviewer, 'Questions from the referrer');
      await expectText(asked, REFERRER_QUESTION);
      const form = asked.getByRole('form', { name: 'Answer question 1' });
      await form.getByRole('textbox', { name: 'Your answer' }).fill(ANSWER);
      await form.getByRole('button', { name: 'Answer question 1' }).click();
      await expectText(asked, 'in version 2');
      await expectText(asked, ANSWER);

      await referrer.reload();
      await referrer.getByRole('heading', { level: 1, name: 'Segunda opinión' }).waitFor();
      await settled(referrer);
      const versions = referrer.locator('.referrer-versions > li');
      await expect(versions.count()).resolves.toBe(2);
      await expectText(versions.first(), 'Versión 2');
      await expectText(versions.first(), 'Más reciente');
      await expectText(versions.first(), 'Adenda: respuesta a la pregunta de seguimiento 1');
      const questions = referrer.locator('section.referrer-card', {
        has: referrer.getByRole('heading', { name: 'Preguntas de seguimiento' }),
      });
      await expectText(questions, ANSWER);
      await expectText(questions, 'en la versión 2 de la opinión');
      await expectText(questions.locator('.referrer-remaining'), 'Quedan 2 preguntas');

      await openRequest(coordinator);
      const table = card(coordinator, 'Written opinion').getByRole('table', { name: 'Versions' });
      await expectText(table, 'Addendum: answer to follow-up question 1');
    },
  );

  // -------------------------------------------------------------------------------------------
  step(
    '8. a radiologist arbitrates, blind to both earlier opinions until their assessment',
    async () => {
      const arbitration = card(coordinator, 'Arbitration');
      await expectText(arbitration, 'Diagnosis changed');
      const ask = arbitration.getByRole('form', { name: 'Ask a third reviewer to arbitrate' });
      await ask.getByRole('button', { name: /(^|\s)Third reviewer$/ }).click();
      await coordinator.getByRole('option', { name: /^Dr Rowan Radiologist — / }).click();
      await ask
        .getByRole('textbox', { name: 'Why it goes to arbitration' })
        .fill(ARBITRATION_REASON);
      await ask.getByRole('button', { name: 'Ask a third reviewer to arbitrate' }).click();
      await expectText(arbitration, 'Awaiting the arbiter’s attestation');
      await expectText(arbitration, ARBITRATION_REASON);

      arbiter = await app.newPage();
      // Signed out, the app asks once whether a session survives: nothing to read there yet.
      await arbiter.goto('/');
      await arbiter.getByRole('button', { name: 'Sign in' }).waitFor();
      const watch = new BlindingWatch(
        arbiter,
        [...FIRST_MARKERS, ...SECOND_MARKERS, ARBITRATION_REASON, UPLOADS.letter.title],
        (request) =>
          request.method() === 'POST' && request.url().endsWith('/arbitration/assessment'),
      );
      await signIn(arbiter, 'radiology@demo.local');
      await openMyReview(arbiter, 'arbitration');
      await arbiter.getByRole('heading', { level: 1, name: `Arbitration: ${PATIENT}` }).waitFor();
      await arbiter.getByRole('button', { name: 'I have no conflict of interest' }).click();
      const letter = card(arbiter, 'Records').getByRole('row', {
        name: new RegExp(`^${escapeRegExp(UPLOADS.letter.label)}`),
      });
      await expectText(letter, 'Withheld');
      await fillAssessment(arbiter, ARBITER);
      const forbidden = [...FIRST_MARKERS, ...SECOND_MARKERS, ARBITRATION_REASON];
      await expectNotInPage(arbiter, forbidden, 'with the arbiter’s assessment written');
      await checkA11y(arbiter);
      await arbiter.getByRole('button', { name: 'Submit the assessment…' }).click();
      const confirm = arbiter.getByRole('alertdialog', { name: 'Submit your assessment?' });
      await expectText(confirm, 'The first and second opinions are then shown to you beside it.');
      await expectNotInPage(arbiter, forbidden, 'while confirming the arbiter’s assessment');
      await watch.settle();
      expect(watch.cutOff).toBe(false);
      expect(watch.unreadable).toEqual([]);
      expect(watch.leaks).toEqual([]);
      expect(watch.read).toEqual(
        expect.arrayContaining([
          'GET /api/v1/me/second-opinion-reviews → 200',
          `GET /api/v1/second-opinions/${requestId}/arbitration → 200`,
          `POST /api/v1/second-opinions/${requestId}/arbitration/attestation → 200`,
          `GET /api/v1/second-opinions/${requestId}/records → 200`,
        ]),
      );
      expect(refusals(arbiter)).toEqual([]);

      await confirm.getByRole('button', { name: 'Submit assessment' }).click();
      await confirm.waitFor({ state: 'detached' });
      expect(watch.cutOff).toBe(true);
      const three = arbiter.getByRole('table', {
        name: 'The first opinion, the second opinion and your assessment, side by side',
      });
      const headings = await three.locator('thead th').allInnerTexts();
      expect(headings.map((heading) => heading.split('\n')[0]!.trim())).toEqual([
        'Compared',
        'First opinion',
        'Second opinion',
        'Your assessment',
      ]);
      await expectText(three, FIRST.diagnosis);
      await expectText(three, SECOND.diagnosis);
      await expectText(three, ARBITER.diagnosis);
      await expectText(card(arbiter, 'The three opinions side by side'), ARBITRATION_REASON);

      const decision = arbiter.getByRole('form', { name: 'Arbitration decision' });
      await chooseRadio(arbiter, 'Second opinion upheld');
      await decision.getByRole('textbox', { name: 'Rationale' }).fill(ARBITER.rationale);
      await checkA11y(arbiter);
      await showCard(arbiter, 'The three opinions side by side');
      await screenshot(arbiter, 'second-opinion-arbitration');
      await decision.getByRole('button', { name: 'Record the decision…' }).click();
      const sure = arbiter.getByRole('alertdialog', { name: 'Record your decision?' });
      await sure.getByRole('button', { name: 'Record the decision' }).click();
      await arbiter
        .getByRole('status')
        .filter({
          hasText: 'Your arbitration is complete: version 3 of the written opinion records it.',
        })
        .waitFor();

      await openRequest(coordinator);
      const written = card(coordinator, 'Written opinion');
      await expectText(written, /Latest version\s*3, issued/);
      const latest = written.getByRole('table', { name: 'Versions' }).locator('tbody tr').first();
      await expectText(latest, 'Arbitration by a third reviewer: the second opinion is upheld');
      const decided = card(coordinator, 'Arbitration');
      await expectText(decided, 'The second opinion is upheld');
      await expectText(decided, 'issued as version 3');
      await expectText(decided, ARBITER.rationale);
      await checkA11y(coordinator);
      await showCard(coordinator, 'Written opinion');
      await screenshot(coordinator, 'second-opinion-coordinator');
    },
  );

  // -------------------------------------------------------------------------------------------
  step('9. the same link, opened in Arabic on a phone, reads right to left', async () => {
    arabic = await newReferrerPage('ar', 'Asia/Riyadh');
    await arabic.goto(opinionUrl);
    await arabic.getByRole('heading', { level: 1, name: 'الرأي الطبي الثاني' }).waitFor();
    await arabic.waitForURL((url) => url.pathname === '/opinions');
    await settled(arabic);
    await expect(arabic.evaluate('document.documentElement.lang')).resolves.toBe('ar');
    await expect(arabic.evaluate('document.documentElement.dir')).resolves.toBe('rtl');

    // The heading's words sit against the right edge of its card, as Arabic is read.
    const heading = await textBox(arabic, 'main h1');
    const frame = await contentBox(arabic, 'main section.referrer-card');
    expect(heading.direction).toBe('rtl');
    expect(['start', 'right']).toContain(heading.textAlign);
    expect(Math.abs(frame.right - heading.right)).toBeLessThanOrEqual(2);
    expect(heading.left - frame.left).toBeGreaterThan(20);
    expect(frame.right).toBeGreaterThan(PHONE.width - 40);
    // The header mirrors too: the service's name on the right, the language switcher on the left.
    const brand = await arabic.locator('.referrer-brand').boundingBox();
    const language = await arabic.locator('.referrer-language').boundingBox();
    expect(brand!.x).toBeGreaterThan(language!.x);
    // Nothing runs off a phone's screen.
    await expect(
      arabic.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
    ).resolves.toBe(true);

    const three = await arabic.evaluate(() => new Intl.NumberFormat('ar').format(3));
    const versions = arabic.locator('.referrer-versions > li');
    await expect(versions.count()).resolves.toBe(3);
    await expectText(versions.first(), `النسخة ${three}`);
    await expectText(versions.first(), 'الأحدث');
    await expectText(versions.first(), 'تحكيم من مراجع ثالث مستقل');
    await expectText(versions.first(), 'أيّد المراجع الثالث الرأي الثاني.');
    // Said in Arabic: not the server's English reason for the version.
    await expect(versions.first().innerText()).resolves.not.toContain('Arbitration');
    await checkA11y(arabic);
    await arabic.evaluate('document.activeElement?.blur(); window.scrollTo(0, 0)');
    await screenshot(arabic, 'second-opinion-referrer-opinion-ar', { fullPage: true });
  });

  // -------------------------------------------------------------------------------------------
  it('no token ever left a referrer’s page as a referrer', () => {
    if (failed) return;
    expect(referrerContext).toBeDefined();
    const tokens = [...Object.values(uploadUrls), opinionUrl].map(
      (url) => new URL(url).pathname.split('/')[2]!,
    );
    expect(referrerRequests.length).toBeGreaterThan(10);
    const leaked = referrerRequests.filter(
      (request) => request.referer && tokens.some((token) => request.referer!.includes(token)),
    );
    expect(leaked).toEqual([]);
  });

  it('no console/page error, CSP violation, failed request or 5xx; only the expected refusals', () => {
    const pages = { coordinator, referrer, reviewer, arbiter, arabic };
    for (const page of Object.values(pages)) if (page) expectNoConsoleProblems(page);
    if (failed) return;
    // The colleague of the first team, refused; the used upload link, gone. The API answers 404
    // for a consultation or an arbitration not asked for yet: the coordinator's page reads it so.
    const nothingYet = new RegExp(
      `^${escapeRegExp(app.url(`/api/v1/second-opinions/${requestId}/`))}(consultation|arbitration)$`,
    );
    expect(
      refusals(coordinator).filter(
        (e) => !(e.method === 'GET' && e.status === 404 && nothingYet.test(e.url)),
      ),
    ).toEqual([
      {
        method: 'POST',
        url: app.url(`/api/v1/second-opinions/${requestId}/reviewers`),
        status: 409,
      },
    ]);
    expect(refusals(referrer).map((e) => `${e.method} ${e.status}`)).toEqual(['GET 410']);
    expect(refusals(reviewer)).toEqual([]);
    expect(refusals(arbiter)).toEqual([]);
    expect(refusals(arabic)).toEqual([]);
  });
});
