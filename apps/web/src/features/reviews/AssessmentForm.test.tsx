import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors';
import { ME_ID } from '../../test/fixtures';
import { descriptionOf, fakeServer, renderAt } from '../../test/harness';
import { draftKey } from './assessment';
import { AssessmentForm } from './AssessmentForm';
import { MY_ASSESSMENT, REQUEST_ID } from './testing';

afterEach(() => {
  cleanup();
  window.sessionStorage.clear();
});

const KEY = draftKey(ME_ID, REQUEST_ID, 'reviewer');

function show({
  submit = vi.fn(async () => undefined),
  notYet = null,
  key = KEY,
}: {
  submit?: (body: unknown) => Promise<unknown>;
  notYet?: string | null;
  key?: string;
} = {}) {
  const view = renderAt(
    <AssessmentForm
      draftKey={key}
      revealed="The first opinion is then shown to you beside it."
      notYet={notYet}
      submit={submit}
    />,
    { api: fakeServer().api },
  );
  return { ...view, submit, user: userEvent.setup({ delay: null }) };
}

const field = (name: string) => screen.getByRole('textbox', { name });

async function fillAll(user: ReturnType<typeof userEvent.setup>) {
  for (const [name, text] of [
    ['Diagnosis', MY_ASSESSMENT.diagnosis],
    ['Stage (optional)', MY_ASSESSMENT.stage],
    ['Recommendation', MY_ASSESSMENT.recommendation],
    ['Risks', MY_ASSESSMENT.risks],
    ['Pros', MY_ASSESSMENT.pros],
    ['Cons', MY_ASSESSMENT.cons],
  ] as const) {
    await user.click(field(name));
    await user.paste(text);
  }
}

describe('the independent assessment form', { timeout: 20_000 }, () => {
  it('says what is missing or too short, under each field, and sends nothing', async () => {
    const { user, submit } = show();
    await user.click(field('Diagnosis'));
    await user.paste('X');
    await user.click(screen.getByRole('button', { name: 'Add an alternative' }));
    await user.click(screen.getByRole('button', { name: 'Submit the assessment…' }));

    await waitFor(() =>
      expect(descriptionOf(field('Diagnosis'))).toContain('At least 2 characters.'),
    );
    expect(descriptionOf(field('Recommendation'))).toContain('Required.');
    expect(descriptionOf(field('Alternative 1'))).toContain(
      'Describe this alternative, or remove it.',
    );
    expect(descriptionOf(field('Risks'))).toContain('Required.');
    expect(descriptionOf(field('Stage (optional)'))).not.toContain('required');
    expect(screen.getByRole('group', { name: 'Alternatives considered' })).toBeTruthy();
    expect(screen.getByText(/including the non-surgical ones/)).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(submit).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Remove alternative 1' }));
    expect(screen.queryByRole('textbox', { name: 'Alternative 1' })).toBeNull();
  });

  it('keeps the draft in this tab, so that it survives the form being shown again', async () => {
    const first = show();
    await first.user.click(field('Diagnosis'));
    await first.user.paste('Adenocarcinoma');
    await first.user.click(screen.getByRole('button', { name: 'Add an alternative' }));
    await first.user.click(field('Alternative 1'));
    await first.user.paste('Radiotherapy');
    first.unmount();

    const again = show();
    expect((field('Diagnosis') as HTMLTextAreaElement).value).toBe('Adenocarcinoma');
    expect((field('Alternative 1') as HTMLInputElement).value).toBe('Radiotherapy');
    again.unmount();

    // Another request's draft is its own.
    show({ key: draftKey(ME_ID, '00000000-0000-4000-8000-0000000000e9', 'reviewer') });
    expect((field('Diagnosis') as HTMLTextAreaElement).value).toBe('');
  });

  it('submits after a confirmation, trimmed, then forgets the draft', async () => {
    const { user, submit } = show();
    await fillAll(user);
    await user.click(field('Diagnosis'));
    await user.paste('  ');
    await user.click(screen.getByRole('button', { name: 'Submit the assessment…' }));
    const dialog = within(
      await screen.findByRole('alertdialog', { name: 'Submit your assessment?' }),
    );
    expect(dialog.getByText(/cannot be changed\. The first opinion is then shown/)).toBeTruthy();

    await user.click(dialog.getByRole('button', { name: 'Keep editing' }));
    expect(submit).not.toHaveBeenCalled();
    expect(window.sessionStorage.getItem(KEY)).not.toBeNull();

    await user.click(screen.getByRole('button', { name: 'Submit the assessment…' }));
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', {
        name: 'Submit assessment',
      }),
    );
    await waitFor(() => expect(submit).toHaveBeenCalledTimes(1));
    expect(submit).toHaveBeenCalledWith({ ...MY_ASSESSMENT, alternatives: [] });
    await waitFor(() => expect(window.sessionStorage.getItem(KEY)).toBeNull());
  });

  it('shows the server’s refusal under the field it names, and keeps the draft', async () => {
    const submit = vi.fn(async () => {
      throw new ApiError(400, {
        statusCode: 400,
        message: 'invalid input',
        details: [
          {
            field: 'recommendation',
            message: 'recommendation must be shorter than or equal to 4000 characters',
          },
        ],
      });
    });
    const { user } = show({ submit });
    await fillAll(user);
    await user.click(screen.getByRole('button', { name: 'Submit the assessment…' }));
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', {
        name: 'Submit assessment',
      }),
    );
    await waitFor(() =>
      expect(descriptionOf(field('Recommendation'))).toContain('At most 4000 characters.'),
    );
    expect(window.sessionStorage.getItem(KEY)).not.toBeNull();
  });

  it('cannot be submitted while the records are incomplete, and says why', () => {
    show({ notYet: 'The records are not complete yet.' });
    expect(screen.getByText('The records are not complete yet.')).toBeTruthy();
    expect(
      (screen.getByRole('button', { name: 'Submit the assessment…' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
  });
});
