import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { json, renderAt, type Call } from '../../test/harness';
import type { AssessmentBody } from './assessment';
import { ArbitrationWorkspace } from './ArbitrationWorkspace';
import type { ArbitrationView } from './queries';
import {
  FIRST_OPINION,
  FIRST_OPINION_MARKS,
  MY_ASSESSMENT,
  REQUEST_ID,
  SECOND_OPINION,
  SECOND_OPINION_MARKS,
  arbitrationView,
  checklist,
  requestsMade,
  reviewServer,
} from './testing';

afterEach(() => {
  cleanup();
  window.sessionStorage.clear();
});

/** The arbitration as the server holds it, changed by each step the arbiter takes. */
function setUp(initial: ArbitrationView) {
  const held = { arbitration: initial };
  const server = reviewServer()
    .on('GET', /^\/api\/v1\/second-opinions\/[^/]+\/arbitration$/, () => json(held.arbitration))
    .on('GET', /^\/api\/v1\/second-opinions\/[^/]+\/records$/, () =>
      json(checklist(held.arbitration.assessment === null)),
    )
    .on('POST', /\/arbitration\/attestation$/, (call: Call) => {
      const { noConflict } = call.body as { noConflict: boolean };
      held.arbitration = {
        ...held.arbitration,
        attestation: noConflict ? 'no_conflict' : 'conflict_declared',
      };
      return json(held.arbitration);
    })
    .on('POST', /\/arbitration\/assessment$/, (call: Call) => {
      const body = call.body as AssessmentBody;
      held.arbitration = {
        ...held.arbitration,
        assessment: { ...body, stage: body.stage ?? null, submittedAt: '2026-11-21T10:00:00.000Z' },
      };
      return json(held.arbitration);
    })
    .on('POST', /\/arbitration\/decision$/, (call: Call) => {
      const body = call.body as { outcome: 'neither_upheld'; rationale: string };
      held.arbitration = {
        ...held.arbitration,
        decision: { ...body, decidedAt: '2026-11-21T11:00:00.000Z', issuedVersion: 2 },
      };
      return json(held.arbitration);
    });
  const user = userEvent.setup({ delay: null });
  renderAt(<ArbitrationWorkspace requestId={REQUEST_ID} />, { api: server.api });
  return { server, user };
}

const posts = (calls: Call[], path: RegExp) =>
  calls.filter((call) => call.method === 'POST' && path.test(call.path));

async function fill(user: ReturnType<typeof userEvent.setup>, name: string, text: string) {
  await user.click(screen.getByRole('textbox', { name }));
  await user.paste(text);
}

describe('the arbiter’s workspace', { timeout: 30_000 }, () => {
  it('attests, assesses blind to both earlier opinions, then compares the three and decides', async () => {
    const { server, user } = setUp(arbitrationView());
    await user.click(await screen.findByRole('button', { name: 'I have no conflict of interest' }));
    await screen.findByRole('form', { name: 'Your independent assessment' });
    expect(await screen.findByText('Biopsy report')).toBeTruthy();

    await fill(user, 'Diagnosis', MY_ASSESSMENT.diagnosis);
    await fill(user, 'Stage (optional)', MY_ASSESSMENT.stage);
    await fill(user, 'Recommendation', MY_ASSESSMENT.recommendation);
    await user.click(screen.getByRole('button', { name: 'Add an alternative' }));
    await fill(user, 'Alternative 1', MY_ASSESSMENT.alternatives[0]!);
    await fill(user, 'Risks', MY_ASSESSMENT.risks);
    await fill(user, 'Pros', MY_ASSESSMENT.pros);
    await fill(user, 'Cons', MY_ASSESSMENT.cons);

    const text = document.body.textContent ?? '';
    for (const mark of [...FIRST_OPINION_MARKS, ...SECOND_OPINION_MARKS, FIRST_OPINION.physician])
      expect(text).not.toContain(mark);
    // The coordinator's reason may say how the opinions differ: it waits too.
    expect(text).not.toContain('The second opinion changed the diagnosis');
    expect(requestsMade(server.calls)).toEqual([
      'GET /api/v1/second-opinions/:id',
      'GET /api/v1/second-opinions/:id/arbitration',
      'GET /api/v1/second-opinions/:id/records',
      'POST /api/v1/second-opinions/:id/arbitration/attestation',
    ]);

    await user.click(screen.getByRole('button', { name: 'Submit the assessment…' }));
    const confirm = within(
      await screen.findByRole('alertdialog', { name: 'Submit your assessment?' }),
    );
    expect(confirm.getByText(/The first and second opinions are then shown/)).toBeTruthy();
    await user.click(confirm.getByRole('button', { name: 'Submit assessment' }));

    const table = await screen.findByRole('table', {
      name: 'The first opinion, the second opinion and your assessment, side by side',
    });
    expect(posts(server.calls, /arbitration\/assessment$/).map((call) => call.body)).toEqual([
      MY_ASSESSMENT,
    ]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      [FIRST_OPINION.diagnosis, SECOND_OPINION.conclusion.diagnosis, MY_ASSESSMENT.diagnosis],
      [FIRST_OPINION.stage, SECOND_OPINION.conclusion.stage, MY_ASSESSMENT.stage],
      [
        FIRST_OPINION.proposedTreatment,
        SECOND_OPINION.conclusion.recommendation,
        MY_ASSESSMENT.recommendation,
      ],
    ]);
    expect(screen.getByText('The second opinion changed the diagnosis')).toBeTruthy();

    const decision = within(screen.getByRole('form', { name: 'Arbitration decision' }));
    await user.click(decision.getByRole('radio', { name: 'Neither upheld' }));
    await user.click(decision.getByRole('button', { name: 'Record the decision…' }));
    expect(await decision.findByText('Required.')).toBeTruthy();
    await user.click(decision.getByRole('textbox', { name: 'Rationale' }));
    await user.paste('The biopsy supports neither');
    await user.click(decision.getByRole('button', { name: 'Record the decision…' }));
    const record = within(
      await screen.findByRole('alertdialog', { name: 'Record your decision?' }),
    );
    expect(posts(server.calls, /decision$/)).toHaveLength(0);
    await user.click(record.getByRole('button', { name: 'Record the decision' }));

    expect(await screen.findByText(/version 2 of the written opinion records it/)).toBeTruthy();
    expect(posts(server.calls, /decision$/).map((call) => call.body)).toEqual([
      { outcome: 'neither_upheld', rationale: 'The biopsy supports neither' },
    ]);
    expect(screen.getByText('Neither upheld')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Arbitration decision' })).toBeNull();
    expect(server.calls.some((call) => /\/opinion(\/|$)/.test(call.path))).toBe(false);
  });

  it('ends the arbiter’s involvement when they declare a conflict', async () => {
    const { server, user } = setUp(arbitrationView());
    await user.click(await screen.findByRole('button', { name: 'I have a conflict of interest' }));
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', {
        name: 'Declare the conflict',
      }),
    );
    await screen.findByRole('heading', { name: 'Conflict of interest declared' });
    expect(server.calls.some((call) => call.path.endsWith('/records'))).toBe(false);
  });
});
