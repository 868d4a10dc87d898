import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeServer, json, renderAt, type Call } from '../../test/harness';
import type { AssessmentBody } from './assessment';
import type { ReviewView } from './queries';
import { WITHHELD_WORDS } from './Records';
import { ReviewWorkspace } from './ReviewWorkspace';
import {
  FIRST_OPINION,
  FIRST_OPINION_MARKS,
  LETTER_ID,
  MY_ASSESSMENT,
  PATHOLOGY_ID,
  REQUEST_ID,
  checklist,
  requestView,
  requestsMade,
  reviewServer,
  reviewView,
  submittedAssessment,
} from './testing';

afterEach(() => {
  cleanup();
  window.sessionStorage.clear();
  vi.restoreAllMocks();
  Reflect.deleteProperty(URL, 'createObjectURL');
  Reflect.deleteProperty(URL, 'revokeObjectURL');
});

/** The review as the server holds it, changed by each step the reviewer takes. */
function setUp(initial: ReviewView) {
  const held = { review: initial, blinded: initial.assessment === null };
  const server = reviewServer()
    .on('GET', /^\/api\/v1\/second-opinions\/[^/]+\/review$/, () => json(held.review))
    .on('GET', /^\/api\/v1\/second-opinions\/[^/]+\/records$/, () => json(checklist(held.blinded)))
    .on('POST', /\/review\/attestation$/, (call: Call) => {
      const { noConflict } = call.body as { noConflict: boolean };
      held.review = {
        ...held.review,
        attestation: noConflict ? 'no_conflict' : 'conflict_declared',
      };
      return json(held.review);
    })
    .on('POST', /\/review\/assessment$/, (call: Call) => {
      const body = call.body as AssessmentBody;
      held.review = {
        ...held.review,
        assessment: { ...body, stage: body.stage ?? null, submittedAt: '2026-11-05T10:00:00.000Z' },
        firstOpinion: FIRST_OPINION,
      };
      held.blinded = false;
      return json(held.review);
    })
    .on('POST', /\/review\/concordance$/, (call: Call) => {
      const body = call.body as { classification: 'treatment_changed'; rationale?: string };
      held.review = {
        ...held.review,
        concordance: {
          classification: body.classification,
          rationale: body.rationale ?? null,
          classifiedAt: '2026-11-05T11:00:00.000Z',
        },
      };
      return json(held.review);
    });
  const user = userEvent.setup({ delay: null });
  renderAt(<ReviewWorkspace requestId={REQUEST_ID} />, { api: server.api });
  return { server, user };
}

const posts = (calls: Call[], path: RegExp) =>
  calls.filter((call) => call.method === 'POST' && path.test(call.path));

function expectNoFirstOpinionShown() {
  const text = document.body.textContent ?? '';
  for (const mark of [...FIRST_OPINION_MARKS, FIRST_OPINION.physician]) {
    expect(text).not.toContain(mark);
  }
}

async function fill(user: ReturnType<typeof userEvent.setup>, name: string, text: string) {
  await user.click(screen.getByRole('textbox', { name }));
  await user.paste(text);
}

describe('the reviewer’s workspace', { timeout: 20_000 }, () => {
  it('asks about conflicts of interest first, and asks for nothing else before the answer', async () => {
    const { server, user } = setUp(reviewView());
    await screen.findByRole('heading', { name: 'Conflict of interest' });
    expect(screen.getByText(/Declaring a conflict ends your involvement/)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Records' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Your independent assessment' })).toBeNull();
    await screen.findByText('Is surgery the right first treatment?');
    expect(requestsMade(server.calls)).toEqual([
      'GET /api/v1/second-opinions/:id',
      'GET /api/v1/second-opinions/:id/review',
    ]);
    expectNoFirstOpinionShown();

    await user.click(screen.getByRole('button', { name: 'I have no conflict of interest' }));

    await screen.findByRole('heading', { name: 'Records' });
    expect(posts(server.calls, /attestation$/).map((call) => call.body)).toEqual([
      { noConflict: true },
    ]);
    expect(await screen.findByText('Biopsy report')).toBeTruthy();
    expect(screen.getByRole('form', { name: 'Your independent assessment' })).toBeTruthy();
  });

  it('ends the reviewer’s involvement when they declare a conflict, after a confirmation', async () => {
    const { server, user } = setUp(reviewView());
    await user.click(await screen.findByRole('button', { name: 'I have a conflict of interest' }));
    const dialog = within(
      await screen.findByRole('alertdialog', { name: 'Declare a conflict of interest?' }),
    );
    expect(dialog.getByText(/Your involvement in this request ends now/)).toBeTruthy();
    await user.click(dialog.getByRole('button', { name: 'Declare the conflict' }));

    await screen.findByRole('heading', { name: 'Conflict of interest declared' });
    expect(posts(server.calls, /attestation$/).map((call) => call.body)).toEqual([
      { noConflict: false },
    ]);
    expect(server.calls.some((call) => call.path.endsWith('/records'))).toBe(false);
    expect(screen.queryByRole('form', { name: 'Your independent assessment' })).toBeNull();
  });

  it('marks the withheld records and offers no download of them', async () => {
    const createObjectURL = vi.fn(() => 'blob:biopsy');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    const { server, user } = setUp(reviewView({ attestation: 'no_conflict' }));

    const letter = await screen.findByRole('row', { name: /referral letter/ });
    expect(letter.textContent).toContain(WITHHELD_WORDS);
    expect(letter.textContent).toContain('Not downloadable yet');
    expect(within(letter).queryByRole('button')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Download Biopsy report' }));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    const files = server.calls.filter((call) => call.path.endsWith('/file'));
    expect(files.map((call) => call.path)).toEqual([
      `/api/v1/second-opinions/${REQUEST_ID}/records/${PATHOLOGY_ID}/file`,
    ]);
    expect(server.calls.some((call) => call.path.includes(LETTER_ID))).toBe(false);
  });

  it('neither shows nor asks for the first opinion until the assessment is submitted, then sets them side by side', async () => {
    const { server, user } = setUp(reviewView({ attestation: 'no_conflict' }));
    await screen.findByRole('form', { name: 'Your independent assessment' });
    await screen.findByText('Biopsy report');
    await screen.findByText('Is surgery the right first treatment?');

    await fill(user, 'Diagnosis', MY_ASSESSMENT.diagnosis);
    await fill(user, 'Stage (optional)', MY_ASSESSMENT.stage);
    await fill(user, 'Recommendation', MY_ASSESSMENT.recommendation);
    await user.click(screen.getByRole('button', { name: 'Add an alternative' }));
    await fill(user, 'Alternative 1', MY_ASSESSMENT.alternatives[0]!);
    await fill(user, 'Risks', MY_ASSESSMENT.risks);
    await fill(user, 'Pros', MY_ASSESSMENT.pros);
    await fill(user, 'Cons', MY_ASSESSMENT.cons);
    expectNoFirstOpinionShown();
    expect(requestsMade(server.calls)).toEqual([
      'GET /api/v1/second-opinions/:id',
      'GET /api/v1/second-opinions/:id/records',
      'GET /api/v1/second-opinions/:id/review',
    ]);

    await user.click(screen.getByRole('button', { name: 'Submit the assessment…' }));
    const dialog = within(
      await screen.findByRole('alertdialog', { name: 'Submit your assessment?' }),
    );
    expect(dialog.getByText(/cannot be changed/)).toBeTruthy();
    expectNoFirstOpinionShown();
    expect(posts(server.calls, /assessment$/)).toHaveLength(0);
    await user.click(dialog.getByRole('button', { name: 'Submit assessment' }));

    const table = await screen.findByRole('table', {
      name: 'The first opinion and your assessment, side by side',
    });
    expect(posts(server.calls, /assessment$/).map((call) => call.body)).toEqual([MY_ASSESSMENT]);
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((header) => header.textContent);
    expect(headers.slice(1)).toEqual([
      `First opinion${FIRST_OPINION.physician}, ${FIRST_OPINION.institution}`,
      'Your assessment',
    ]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'Diagnosis',
      'Stage',
      'Treatment recommended',
    ]);
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      [FIRST_OPINION.diagnosis, MY_ASSESSMENT.diagnosis],
      [FIRST_OPINION.stage, MY_ASSESSMENT.stage],
      [FIRST_OPINION.proposedTreatment, MY_ASSESSMENT.recommendation],
    ]);
    // The letter withheld while blinded opens now.
    expect(await screen.findByRole('button', { name: 'Download Referral letter' })).toBeTruthy();
    expect(server.calls.some((call) => /\/opinion(\/|$)/.test(call.path))).toBe(false);
  });

  it('classifies the concordance, with a rationale unless the first opinion is confirmed, then shows the summary', async () => {
    const { server, user } = setUp(
      reviewView({ attestation: 'no_conflict', assessment: submittedAssessment }),
    );
    const form = within(
      await screen.findByRole('form', { name: 'Concordance with the first opinion' }),
    );
    expect(form.getByText(/materially different treatment/)).toBeTruthy();
    await user.click(form.getByRole('button', { name: 'Record the classification' }));
    expect(await form.findByText('Choose how your opinion compares with the first.')).toBeTruthy();

    await user.click(form.getByRole('radio', { name: 'Treatment changed' }));
    await user.click(form.getByRole('button', { name: 'Record the classification' }));
    expect(await form.findByText('Required.')).toBeTruthy();
    expect(posts(server.calls, /concordance$/)).toHaveLength(0);

    await user.click(form.getByRole('textbox', { name: 'Rationale' }));
    await user.paste('Surgery instead of radiotherapy');
    await user.click(form.getByRole('button', { name: 'Record the classification' }));

    await screen.findByText('Your review is complete.');
    expect(posts(server.calls, /concordance$/).map((call) => call.body)).toEqual([
      { classification: 'treatment_changed', rationale: 'Surgery instead of radiotherapy' },
    ]);
    expect(screen.getByText('Treatment changed')).toBeTruthy();
    expect(screen.getByText('Surgery instead of radiotherapy')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Concordance with the first opinion' })).toBeNull();
  });

  it('answers the referrer’s questions once the opinion is delivered, each answer a new version', async () => {
    const question = {
      id: '00000000-0000-4000-8000-0000000000a1',
      number: 1,
      question: '¿Puede hacerse la radioterapia cerca de casa?',
      askedVia: 'referrer_link' as const,
      askedAt: '2026-11-10T09:00:00.000Z',
      answer: null as string | null,
      answeredAt: null as string | null,
      answeredInVersion: null as number | null,
    };
    const server = fakeServer()
      .on('GET', /^\/api\/v1\/second-opinions\/[^/]+$/, () =>
        json(requestView({ status: 'opinion_delivered' })),
      )
      .on('GET', /\/review$/, () =>
        json(
          reviewView({
            attestation: 'no_conflict',
            assessment: submittedAssessment,
            firstOpinion: FIRST_OPINION,
            concordance: {
              classification: 'treatment_changed',
              rationale: 'Radiotherapy instead of surgery',
              classifiedAt: '2026-11-05T11:00:00.000Z',
            },
          }),
        ),
      )
      .on('GET', /\/records$/, () => json(checklist(false)))
      .on('GET', /\/questions$/, () => json([question]))
      .on('POST', /\/questions\/1\/answer$/, (call: Call) => {
        Object.assign(question, {
          answer: (call.body as { answer: string }).answer,
          answeredAt: '2026-11-11T09:00:00.000Z',
          answeredInVersion: 2,
        });
        return json({});
      });
    const user = userEvent.setup({ delay: null });
    renderAt(<ReviewWorkspace requestId={REQUEST_ID} />, { api: server.api });

    const form = within(await screen.findByRole('form', { name: 'Answer question 1' }));
    expect(screen.getByText('¿Puede hacerse la radioterapia cerca de casa?')).toBeTruthy();
    await user.click(form.getByRole('textbox', { name: 'Your answer' }));
    await user.paste('Sí: el tratamiento puede administrarse en su hospital de referencia.');
    await user.click(form.getByRole('button', { name: 'Answer question 1' }));

    await screen.findByText(/Answered on .*, in version 2/);
    expect(posts(server.calls, /answer$/).map((call) => call.body)).toEqual([
      { answer: 'Sí: el tratamiento puede administrarse en su hospital de referencia.' },
    ]);
    expect(screen.queryByRole('form', { name: 'Answer question 1' })).toBeNull();
  });
});
