import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  FollowUpQuestionView,
  IndependentAssessment,
  ReferrerOpinionView,
} from '@app/contracts';
import { fakeServer, json } from '../../test/harness';
import { TOKEN, openPage } from './testing';

const OPINION = /^\/api\/v1\/opinions\/[^/]+$/;

const answered: FollowUpQuestionView = {
  id: '00000000-0000-4000-8000-0000000000a1',
  number: 1,
  question: 'Could the radiotherapy be given closer to home?',
  askedVia: 'referrer_link',
  askedAt: '2026-03-02T10:00:00.000Z',
  answer: 'Yes: the same schedule can be delivered at any accredited centre.',
  answeredAt: '2026-03-05T09:00:00.000Z',
  answeredInVersion: 2,
};

const CONCLUSION: IndependentAssessment = {
  diagnosis: 'Adenocarcinoma, right upper lobe, N2 single station',
  stage: 'cT2aN2M0, IIIA',
  recommendation: 'Definitive concurrent chemoradiotherapy, then durvalumab consolidation',
  alternatives: ['Induction chemo-immunotherapy, then surgery', 'Clinical trial NCT04025879'],
  risks: 'Radiation pneumonitis, oesophagitis',
  pros: 'Avoids the risk of a pneumonectomy; non-surgical',
  cons: 'Six weeks of daily treatment',
};
const ARBITER_ASSESSMENT: IndependentAssessment = {
  diagnosis: 'Adenocarcinoma, right upper lobe, single-station N2, resectable',
  stage: null,
  recommendation: 'Induction chemo-immunotherapy, then lobectomy if the nodes respond',
  alternatives: [],
  risks: 'Perioperative morbidity',
  pros: 'Pathological response guides the plan',
  cons: 'Needs an experienced thoracic team',
};
const PATIENT_SUMMARY =
  'El equipo de expertos recomienda la quimiorradioterapia en lugar de la cirugía. ' +
  'Hable de ello con su oncólogo.';

function opinion(overrides: Partial<ReferrerOpinionView> = {}): ReferrerOpinionView {
  return {
    boardName: 'Thoracic Oncology Board',
    patientReference: 'SO-2026-0042',
    preferredLanguage: 'es-MX',
    linkExpiresAt: '2026-04-30T10:00:00.000Z',
    opinion: {
      version: 3,
      issuedAt: '2026-03-08T09:00:00.000Z',
      conclusion: CONCLUSION,
      concordance: 'treatment_changed',
      patientSummary: PATIENT_SUMMARY,
      reviewMode: 'specialist',
      reviewers: [
        {
          displayName: 'Dr Łukasz Wójcik',
          specialty: 'radiation_oncology',
          institution: 'Karolinska University Hospital',
        },
      ],
      arbitration: null,
    },
    versions: [
      {
        version: 1,
        issuedAt: '2026-03-01T09:00:00.000Z',
        revisionReason: null,
        arbitrationOutcome: null,
      },
      {
        version: 2,
        issuedAt: '2026-03-05T09:00:00.000Z',
        revisionReason: 'Addendum: answer to follow-up question 1',
        arbitrationOutcome: null,
      },
      {
        version: 3,
        issuedAt: '2026-03-08T09:00:00.000Z',
        revisionReason: 'Corrected the stage: pT2a, not pT2b',
        arbitrationOutcome: null,
      },
    ],
    questions: [answered],
    questionsAllowed: 3,
    questionsRemaining: 2,
    consultation: {
      id: '00000000-0000-4000-8000-0000000000c9',
      startsAt: '2026-03-20T15:00:00.000Z',
      durationMinutes: 45,
      location: 'Video call',
      patientLocalStart: '2026-03-20 09:00 (CST)',
      timezone: 'America/Mexico_City',
      sequence: 0,
      cancelledAt: null,
    },
    ...overrides,
  };
}

function openOpinion(view = opinion(), languages?: string[]) {
  const server = fakeServer().on('GET', OPINION, () => json(view));
  return { ...openPage(`/opinions/${TOKEN}`, { server, languages }), user: userEvent.setup() };
}

/** Downloads land in an object URL saved through a link: what each saved. */
function watchDownloads() {
  const saved: Array<{ name: string; rel: string; blob: Blob }> = [];
  const blobs = new Map<string, Blob>();
  Object.assign(URL, {
    createObjectURL: vi.fn((blob: Blob) => {
      const url = `blob:test/${blobs.size}`;
      blobs.set(url, blob);
      return url;
    }),
    revokeObjectURL: vi.fn(),
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    saved.push({ name: this.download, rel: this.rel, blob: blobs.get(this.href)! });
  });
  return saved;
}

const file = (type: string) => () =>
  new Response('file', { status: 200, headers: { 'content-type': type } });

beforeEach(() => {
  window.sessionStorage.clear();
  window.localStorage.clear();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the referrer’s opinion page', () => {
  it('shows the board, the patient, and the versions newest first, with the token out of the address', async () => {
    const { server } = openOpinion();
    expect(await screen.findByRole('heading', { name: 'Second opinion', level: 1 })).toBeTruthy();
    await waitFor(() => expect(window.location.pathname).toBe('/opinions'));
    expect(window.location.href).not.toContain(TOKEN);
    expect(server.calls[0]!.path).toBe(`/api/v1/opinions/${TOKEN}`);
    expect(screen.getByText('Thoracic Oncology Board')).toBeTruthy();
    expect(screen.getByText('SO-2026-0042')).toBeTruthy();

    const versions = screen.getAllByRole('heading', { level: 3, name: /^Version/ });
    expect(versions.map((heading) => heading.textContent)).toEqual([
      'Version 3Most recent',
      'Version 2',
      'Version 1',
    ]);
    expect(screen.getByText('Revised version')).toBeTruthy();
    expect(
      screen.getByText(/Reason for this version: .*Corrected the stage: pT2a, not pT2b/),
    ).toBeTruthy();
    expect(screen.getByText('Addendum: answer to follow-up question 1')).toBeTruthy();
    expect(screen.getByText('Original opinion')).toBeTruthy();
  });

  it('shows the latest version’s opinion to read, labelled in the reader’s language and its text as written', async () => {
    openOpinion(opinion(), ['es-ES']);
    const heading = await screen.findByRole('heading', { level: 2, name: 'La opinión' });
    const card = within(heading.closest('section')!);
    expect(
      card.getByText(/^Versión 3 \(la más reciente\), emitida el 8 de marzo de 2026/),
    ).toBeTruthy();

    const conclusion = within(card.getAllByRole('definition')[0]!.closest('dl')!);
    const fields = conclusion
      .getAllByRole('term')
      .map((term) => [term.textContent, term.nextElementSibling!.textContent]);
    expect(fields).toEqual([
      ['Diagnóstico', CONCLUSION.diagnosis],
      ['Estadio', CONCLUSION.stage],
      ['Recomendación', CONCLUSION.recommendation],
      ['Alternativas consideradas', CONCLUSION.alternatives.join('')],
      ['Riesgos', CONCLUSION.risks],
      ['Ventajas', CONCLUSION.pros],
      ['Inconvenientes', CONCLUSION.cons],
    ]);
    expect(
      conclusion.getAllByRole('listitem').map((alternative) => alternative.textContent),
    ).toEqual(CONCLUSION.alternatives);
    // The clinical text is in the reviewers' language, which the page does not know: it is
    // marked unknown rather than taken for the reader's Spanish.
    expect(card.getByText(CONCLUSION.recommendation).getAttribute('lang')).toBe('');
    expect(conclusion.getByText('Recomendación').closest('[lang]')).toBe(document.documentElement);

    expect(card.getByText('Tratamiento modificado')).toBeTruthy();
    expect(
      card.getByText(
        'Se mantiene el diagnóstico, pero se recomienda un tratamiento sustancialmente distinto.',
      ),
    ).toBeTruthy();
    expect(card.getByText('Un especialista independiente ha revisado el caso.')).toBeTruthy();
    expect(card.getByText('Dr Łukasz Wójcik')).toBeTruthy();
    expect(
      card.getByText(/Oncología radioterápica, .*Karolinska University Hospital/),
    ).toBeTruthy();

    expect(card.getByRole('heading', { level: 3, name: 'Resumen para el paciente' })).toBeTruthy();
    const summary = card.getByText(PATIENT_SUMMARY);
    expect(summary.getAttribute('lang')).toBe('es-MX');
    expect(summary.getAttribute('dir')).toBe('auto');
    expect(card.queryByText(/Arbitraje/)).toBeNull();
  });

  it('reads the arbitration with the opinion it settles: the outcome, the arbiter, the reasons and their own assessment', async () => {
    const view = opinion();
    openOpinion(
      opinion({
        preferredLanguage: 'not a language tag',
        opinion: {
          ...view.opinion,
          version: 4,
          reviewers: [
            { displayName: 'Dr A. Lindqvist', specialty: 'pathology', institution: 'Karolinska' },
            {
              displayName: 'Dr B. Okafor',
              specialty: 'interventional_pulmonology',
              institution: 'Lagos',
            },
          ],
          reviewMode: 'panel',
          arbitration: {
            outcome: 'first_opinion_upheld',
            arbiter: {
              displayName: 'Dr Ingrid Halvorsen',
              specialty: 'surgical_oncology',
              institution: 'Oslo universitetssykehus',
            },
            assessment: ARBITER_ASSESSMENT,
            rationale: 'A lobectomy is feasible: induction then surgery is a standard of care.',
          },
        },
      }),
    );
    const heading = await screen.findByRole('heading', { level: 2, name: 'The opinion' });
    const card = within(heading.closest('section')!);
    expect(card.getByText('The third reviewer upheld the first opinion.')).toBeTruthy();
    expect(card.getByText('A multidisciplinary panel reviewed the case.')).toBeTruthy();
    expect(card.getByText(/^Pathology, /)).toBeTruthy();
    // A specialty this page does not know is shown as the server sent it.
    expect(card.getByText(/interventional_pulmonology.*, .*Lagos/)).toBeTruthy();

    const arbitration = within(
      card
        .getByRole('heading', { level: 3, name: 'Arbitration by a third, independent reviewer' })
        .closest('div')!,
    );
    expect(arbitration.getByText('Dr Ingrid Halvorsen')).toBeTruthy();
    expect(arbitration.getByText(/Surgical oncology, .*Oslo universitetssykehus/)).toBeTruthy();
    expect(arbitration.getByText(/induction then surgery is a standard of care/)).toBeTruthy();
    expect(
      arbitration.getByRole('heading', { level: 4, name: 'The third reviewer’s own assessment' }),
    ).toBeTruthy();
    expect(arbitration.getByText(ARBITER_ASSESSMENT.recommendation)).toBeTruthy();
    expect(arbitration.getByText('Not stated')).toBeTruthy();
    expect(arbitration.getByText('None stated')).toBeTruthy();
    // A language the server gave that is no language tag is marked unknown, not guessed.
    expect(card.getByText(PATIENT_SUMMARY).getAttribute('lang')).toBe('');
  });

  it('says an arbitration and its outcome in the reader’s language, not the server’s English reason', async () => {
    const arbitrated = opinion({
      versions: [
        ...opinion().versions,
        {
          version: 4,
          issuedAt: '2026-03-12T09:00:00.000Z',
          revisionReason: 'Arbitration by a third reviewer: the second opinion is upheld',
          arbitrationOutcome: 'second_opinion_upheld',
        },
      ],
    });
    openOpinion(arbitrated, ['es-ES']);
    const latest = await screen.findByRole('heading', { level: 3, name: /^Versión 4/ });
    const version = within(latest.closest('li')!);
    expect(version.getByText('Arbitraje por un tercer revisor independiente')).toBeTruthy();
    expect(version.getByText('El tercer revisor ha ratificado la segunda opinión.')).toBeTruthy();
    expect(version.queryByText(/Arbitration by a third reviewer/)).toBeNull();
  });

  it('downloads a version’s clinical report and patient summary without putting the token in a link', async () => {
    const saved = watchDownloads();
    const { server, user } = openOpinion();
    server
      .on('GET', /\/clinical-report\.pdf$/, file('application/pdf'))
      .on('GET', /\/patient-summary\.pdf$/, file('application/pdf'));
    await user.click(
      await screen.findByRole('button', { name: 'Clinical report (PDF) Version 2' }),
    );
    await user.click(screen.getByRole('button', { name: 'Patient summary (PDF) Version 3' }));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(server.calls.slice(1).map((call) => call.path)).toEqual([
      `/api/v1/opinions/${TOKEN}/clinical-report.pdf?version=2`,
      `/api/v1/opinions/${TOKEN}/patient-summary.pdf?version=3`,
    ]);
    expect(saved.map(({ name, rel }) => ({ name, rel }))).toEqual([
      { name: 'second-opinion-v2.pdf', rel: 'noreferrer' },
      { name: 'patient-summary-v3.pdf', rel: 'noreferrer' },
    ]);
    expect(saved[0]!.blob.type).toBe('application/pdf');
    for (const link of document.querySelectorAll('a')) expect(link.href).not.toContain(TOKEN);
  });

  it('shows the link gone when it expired before a download', async () => {
    watchDownloads();
    const { server, user } = openOpinion();
    server.on('GET', /\/clinical-report\.pdf$/, () =>
      json(
        {
          statusCode: 410,
          error: 'Gone',
          message: 'link_expired',
          code: 'link_expired',
        },
        410,
      ),
    );
    await user.click(
      await screen.findByRole('button', { name: 'Clinical report (PDF) Version 1' }),
    );
    expect(await screen.findByRole('heading', { name: 'This link has expired' })).toBeTruthy();
  });

  it.each([
    ['consent_withdrawn', 'This request has been stopped'],
    ['link_replaced', 'This link has been replaced'],
    ['link_expired', 'This link has expired'],
  ])('410 “%s” on opening → “%s”', async (code, title) => {
    const server = fakeServer().on('GET', OPINION, () =>
      json({ statusCode: 410, error: 'Gone', message: 'gone', code }, 410),
    );
    openPage(`/opinions/${TOKEN}`, { server });
    expect(await screen.findByRole('heading', { name: title })).toBeTruthy();
  });

  it('offers to try again when the server cannot be reached, or is busy', async () => {
    const server = fakeServer()
      .on('GET', OPINION, () => json({ statusCode: 429, message: 'Too Many Requests' }, 429), true)
      .on('GET', OPINION, () => json(opinion()));
    openPage(`/opinions/${TOKEN}`, { server });
    expect(
      await screen.findByText('Too many attempts. Please wait a moment and try again.'),
    ).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Second opinion', level: 1 })).toBeTruthy();
  });

  it('lists the questions with their answers, and takes a new one with the number left', async () => {
    const { server, user } = openOpinion();
    server.on('POST', /\/questions$/, (call) =>
      json(
        {
          id: '00000000-0000-4000-8000-0000000000a2',
          number: 2,
          question: (call.body as { question: string }).question,
          askedVia: 'referrer_link',
          askedAt: '2026-03-10T10:00:00.000Z',
          answer: null,
          answeredAt: null,
          answeredInVersion: null,
        } satisfies FollowUpQuestionView,
        201,
      ),
    );
    await screen.findByText(answered.question);
    expect(screen.getByText(answered.answer!)).toBeTruthy();
    expect(screen.getByText(/Answered .*, in version 2 of the opinion/)).toBeTruthy();
    expect(screen.getByText('2 questions left')).toBeTruthy();

    const field = screen.getByRole('textbox', { name: /Your question/ });
    await user.type(field, 'Why?');
    await user.click(screen.getByRole('button', { name: 'Send question' }));
    expect(screen.getByText('Please write between 5 and 4,000 characters.')).toBeTruthy();
    expect(server.calls).toHaveLength(1);

    await user.clear(field);
    await user.type(field, 'Is a PET-CT needed before surgery?');
    await user.click(screen.getByRole('button', { name: 'Send question' }));
    expect(await screen.findByText(/Your question has been sent/)).toBeTruthy();
    expect(server.calls[1]).toMatchObject({
      method: 'POST',
      path: `/api/v1/opinions/${TOKEN}/questions`,
      body: { question: 'Is a PET-CT needed before surgery?' },
    });
    const list = screen.getAllByRole('list').find((element) => element.tagName === 'OL')!;
    expect(within(list).getByText('Is a PET-CT needed before surgery?')).toBeTruthy();
    expect(within(list).getByText('Awaiting an answer from the reviewers.')).toBeTruthy();
    expect(screen.getByText('1 question left')).toBeTruthy();
    // The page keeps what it learnt: opening the link again is not asked of the server.
    expect(server.calls.filter((call) => call.method === 'GET')).toHaveLength(1);
  });

  it('closes the question form with an explanation when none are left', async () => {
    openOpinion(opinion({ questionsRemaining: 0 }));
    expect(await screen.findByText('No questions left')).toBeTruthy();
    expect(
      screen.getByText(/All the follow-up questions included with this opinion have been asked/),
    ).toBeTruthy();
    expect(screen.getByRole('textbox', { name: /Your question/ }).hasAttribute('disabled')).toBe(
      true,
    );
    expect(screen.getByRole('button', { name: 'Send question' }).hasAttribute('disabled')).toBe(
      true,
    );
  });

  it('closes the question form when the server says every question has been asked', async () => {
    const { server, user } = openOpinion();
    server.on('POST', /\/questions$/, () =>
      json(
        {
          statusCode: 409,
          error: 'Conflict',
          message: 'the 3 follow-up question(s) included with this opinion have been asked',
          code: 'question_limit_reached',
        },
        409,
      ),
    );
    await user.type(
      await screen.findByRole('textbox', { name: /Your question/ }),
      'One more question?',
    );
    await user.click(screen.getByRole('button', { name: 'Send question' }));
    expect(await screen.findByText('No questions left')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the consultation in the patient’s time zone and offers the invitation', async () => {
    const saved = watchDownloads();
    const { server, user } = openOpinion();
    server.on('GET', /\/consultation\.ics$/, file('text/calendar'));
    expect(
      await screen.findByText(
        /20 March 2026 at 09:00 .*\(patient’s time zone: America\/Mexico City\)/,
      ),
    ).toBeTruthy();
    expect(screen.getByText('45 minutes')).toBeTruthy();
    expect(screen.getByText('Video call')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add to calendar (.ics)' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(server.calls.at(-1)!.path).toBe(`/api/v1/opinions/${TOKEN}/consultation.ics`);
    expect(saved[0]!.name).toBe('consultation.ics');
  });

  it('says a consultation was cancelled and offers its removal from the calendar', async () => {
    const view = opinion();
    openOpinion({
      ...view,
      consultation: { ...view.consultation!, cancelledAt: '2026-03-12T08:00:00.000Z' },
    });
    expect(
      await screen.findByText(/This consultation was cancelled on 12 March 2026/),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove from calendar (.ics)' })).toBeTruthy();
  });

  it('speaks Arabic right to left, with Arabic plurals', async () => {
    openOpinion(opinion({ questionsRemaining: 2 }), ['ar-EG', 'en']);
    expect(
      await screen.findByRole('heading', { name: 'الرأي الطبي الثاني', level: 1 }),
    ).toBeTruthy();
    expect(document.documentElement.lang).toBe('ar-EG');
    expect(document.documentElement.dir).toBe('rtl');
    expect(screen.getByText('تبقّى سؤالان')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'نص الرأي', level: 2 })).toBeTruthy();
    expect(screen.getByText('تغيير العلاج')).toBeTruthy();
  });

  it('switches language, remembers the choice, and names each language in itself', async () => {
    const { user, unmount } = openOpinion();
    const switcher = await screen.findByRole('combobox', { name: 'Language' });
    expect(
      within(switcher)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['English', 'Español', 'Français', 'Deutsch', 'العربية']);
    await user.selectOptions(switcher, 'de');
    expect(await screen.findByRole('heading', { name: 'Zweitmeinung', level: 1 })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Sprache' })).toBeTruthy();
    expect(screen.getByText('Noch 2 Rückfragen möglich')).toBeTruthy();
    expect(document.documentElement.lang).toBe('de');
    expect(window.localStorage.getItem('tumor-board.referrer.locale')).toBe('de');
    unmount();

    openOpinion();
    expect(await screen.findByRole('heading', { name: 'Zweitmeinung', level: 1 })).toBeTruthy();
  });
});
