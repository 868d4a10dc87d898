import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import createClient from 'openapi-fetch';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UserView } from '@app/contracts';
import type { Api } from '../../api/client';
import type { paths } from '../../api/schema';
import type { BoardMemberView } from '../../api/types';
import { ME_ID, OTHER_ID as RADIOLOGIST, me as coordinator } from '../../test/fixtures';
import { renderAt } from '../../test/harness';
import { PreparationPanel } from './PreparationPanel';
import type { PreparationRequestView, WorklistItemView } from './queries';
import { WorklistPage } from './WorklistPage';

afterEach(cleanup);

const CASE_ID = '00000000-0000-4000-8000-0000000000d1';

const me: UserView = { ...coordinator, email: 'onc@example.org', displayName: 'Ola Oncologist' };

const members = [
  { userId: ME_ID, displayName: 'Ola Oncologist', specialty: 'medical_oncology', role: 'panelist' },
  { userId: RADIOLOGIST, displayName: 'Rae Radiologist', specialty: 'radiology', role: 'panelist' },
] as BoardMemberView[];

const request = (overrides: Partial<PreparationRequestView>): PreparationRequestView => ({
  id: '00000000-0000-4000-8000-000000000e01',
  caseId: CASE_ID,
  boardId: '00000000-0000-4000-8000-0000000000b1',
  specialty: 'radiology',
  kind: 'imaging_review',
  question: 'Is the contralateral node involved?',
  assigneeId: null,
  status: 'open',
  finding: null,
  requestedBy: RADIOLOGIST,
  requestedAt: '2026-11-02T09:00:00.000Z',
  completedBy: null,
  completedAt: null,
  cancelledBy: null,
  cancelledAt: null,
  cancelledReason: null,
  version: 1,
  ...overrides,
});

const imaging = request({});
const mine = request({
  id: '00000000-0000-4000-8000-000000000e02',
  specialty: 'medical_oncology',
  kind: 'specialty_review',
  question: 'Is she fit for cisplatin?',
  requestedBy: ME_ID,
});

function fakeApi(routes: Record<string, (body: unknown) => unknown>) {
  const calls: Array<{ key: string; body: unknown }> = [];
  const fetch = vi.fn(async (req: Request) => {
    const url = new URL(req.url);
    const key = `${req.method} ${url.pathname}${url.search}`;
    const body = req.method === 'GET' ? undefined : JSON.parse((await req.text()) || 'null');
    calls.push({ key, body });
    const route = routes[key];
    return route
      ? new Response(JSON.stringify(route(body)), {
          headers: { 'content-type': 'application/json' },
        })
      : new Response(JSON.stringify({ statusCode: 404, message: `no route ${key}` }), {
          status: 404,
        });
  });
  return {
    calls,
    api: createClient<paths>({ baseUrl: 'http://localhost', fetch }) as unknown as Api,
  };
}

function renderWith(api: Api, children: ReactNode) {
  return renderAt(children, { api, user: me });
}

describe('preparation requests on a case', () => {
  it('offers the finding only to the specialty asked, and cancelling only to the requester', async () => {
    const onChanged = vi.fn();
    const { api, calls } = fakeApi({
      [`GET /api/v1/cases/${CASE_ID}/preparation-requests`]: () => [imaging, mine],
      [`POST /api/v1/preparation-requests/${mine.id}/complete`]: (body) => ({
        ...mine,
        status: 'done',
        finding: (body as { finding: string }).finding,
      }),
    });
    const user = userEvent.setup({ delay: null });
    renderWith(
      api,
      <PreparationPanel
        caseId={CASE_ID}
        caseStatus="draft"
        canEdit={false}
        myRole="panelist"
        members={members}
        timezone="Europe/Paris"
        onChanged={onChanged}
      />,
    );
    const items = await screen.findAllByRole('listitem');
    const [radiology, oncology] = items.map((item) => within(item));
    expect(radiology!.queryByRole('button', { name: 'Record the finding' })).toBeNull();
    expect(radiology!.queryByRole('button', { name: 'Cancel request…' })).toBeNull();
    expect(oncology!.getByRole('button', { name: 'Cancel request…' })).toBeTruthy();
    // A panelist who may not edit the case asks for nothing.
    expect(screen.queryByRole('button', { name: 'Request a review…' })).toBeNull();

    await user.click(oncology!.getByRole('button', { name: 'Record the finding' }));
    await user.type(
      oncology!.getByRole('textbox', { name: /^Finding/ }),
      'Fit for cisplatin: creatinine clearance 78 ml/min.',
    );
    await user.click(oncology!.getByRole('button', { name: 'Mark done' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(calls.find((call) => call.key.includes('/complete'))?.body).toEqual({
      finding: 'Fit for cisplatin: creatinine clearance 78 ml/min.',
    });
  });

  it('lets the case editor ask for a review', async () => {
    const { api } = fakeApi({
      [`GET /api/v1/cases/${CASE_ID}/preparation-requests`]: () => [],
    });
    renderWith(
      api,
      <PreparationPanel
        caseId={CASE_ID}
        caseStatus="ready"
        canEdit
        myRole="coordinator"
        members={members}
        timezone="Europe/Paris"
      />,
    );
    expect(await screen.findByRole('button', { name: 'Request a review…' })).toBeTruthy();
    expect(
      await screen.findByText(/No specialty has been asked to prepare this case/),
    ).toBeTruthy();
  });
});

describe('my preparation worklist', () => {
  it('lists what is asked of me with a link to the case, and completes it inline', async () => {
    const item = {
      ...mine,
      patientRef: 'THX-2026-014',
      caseStatus: 'draft',
      casePriority: 'urgent',
      caseDueDate: '2026-12-15',
      boardName: 'Thoracic board',
      nextMeeting: null,
    } as WorklistItemView;
    const { api, calls } = fakeApi({
      'GET /api/v1/users/me/preparation-requests?status=open': () => [item],
      [`POST /api/v1/preparation-requests/${mine.id}/complete`]: () => ({
        ...mine,
        status: 'done',
      }),
    });
    const user = userEvent.setup({ delay: null });
    renderWith(api, <WorklistPage />);
    const link = await screen.findByRole('link', { name: 'THX-2026-014' });
    expect(link.getAttribute('href')).toBe(`/cases/${CASE_ID}`);
    expect(screen.getByText('Urgent')).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: /^Finding/ }), 'Fit for cisplatin.');
    await user.click(screen.getByRole('button', { name: 'Mark done' }));
    await waitFor(() => expect(calls.some((call) => call.key.endsWith('/complete'))).toBe(true));
  });
});

describe('my preparation worklist, the next meeting', () => {
  it('shows the case’s next meeting in the board’s zone, named, wherever the reader is', async () => {
    const item = {
      ...mine,
      patientRef: 'THX-2026-015',
      caseStatus: 'scheduled',
      casePriority: 'routine',
      caseDueDate: null,
      boardName: 'Paris thoracic board',
      nextMeeting: {
        meetingId: '00000000-0000-4000-8000-0000000000d1',
        startsAt: '2026-12-08T06:30:00.000Z',
        timezone: 'Europe/Paris',
      },
    } as WorklistItemView;
    const { api } = fakeApi({
      'GET /api/v1/users/me/preparation-requests?status=open': () => [item],
    });
    renderWith(api, <WorklistPage />);
    const entry = (await screen.findByRole('link', { name: 'THX-2026-015' })).closest('li');
    // (Node's ICU writes "Tue, 8 Dec", the browser's "Tue 8 Dec".)
    expect(entry?.textContent).toMatch(
      /Next meeting Tue,? 8 Dec 2026, 07:30 CET \(Europe\/Paris\)/,
    );
  });
});
