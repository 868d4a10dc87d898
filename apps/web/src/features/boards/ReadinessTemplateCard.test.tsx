import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { BOARD_ID } from '../../test/fixtures';
import { fakeServer, json, renderAt } from '../../test/harness';
import { ReadinessTemplateCard } from './ReadinessTemplateCard';

afterEach(cleanup);

const TEMPLATE = /^\/api\/v1\/boards\/[^/]+\/readiness-template$/;

describe('readiness checklist', () => {
  it('confirms a save, and stops confirming once the checklist is changed again', async () => {
    let stored: unknown[] = [{ kind: 'record_present', recordKind: 'pathology_report' }];
    const server = fakeServer()
      .on('GET', TEMPLATE, () => json({ boardId: BOARD_ID, criteria: stored }))
      .on('PUT', TEMPLATE, (call) => {
        stored = (call.body as { criteria: unknown[] }).criteria;
        return json({ boardId: BOARD_ID, criteria: stored });
      });
    const user = userEvent.setup();
    renderAt(<ReadinessTemplateCard boardId={BOARD_ID} canEdit />, { api: server.api });

    await screen.findByText('1. A record of a kind is present');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    const wording = screen.getAllByRole('textbox', { name: 'Wording (optional)' });
    expect(wording).toHaveLength(2);
    await user.type(wording[1]!, 'Molecular results on file');
    await user.click(screen.getByRole('button', { name: 'Save checklist' }));

    const status = await screen.findByText('Checklist saved.');
    expect(status.getAttribute('role')).toBe('status');
    expect(server.calls.filter((call) => call.method === 'PUT')).toHaveLength(1);
    // Still there once the saved checklist is back from the server, with what was typed.
    await waitFor(() =>
      expect(
        screen.getAllByRole<HTMLInputElement>('textbox', { name: 'Wording (optional)' })[1]!.value,
      ).toBe('Molecular results on file'),
    );
    expect(screen.getByText('Checklist saved.')).toBeTruthy();

    // A further change is not saved yet: the confirmation goes.
    await user.type(screen.getAllByRole('textbox', { name: 'Wording (optional)' })[1]!, ' (NGS)');
    expect(screen.queryByText('Checklist saved.')).toBeNull();
  });
});
