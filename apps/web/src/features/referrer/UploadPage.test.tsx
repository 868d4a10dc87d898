import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SecondOpinionRecordView, UploadLinkRequestView } from '@app/contracts';
import { fakeServer, json } from '../../test/harness';
import { FakeXhr } from '../../test/xhr';
import { TOKEN, openPage } from './testing';

const MB = 1024 * 1024;
const LINK = /^\/api\/v1\/uploads\/[^/]+$/;

const request: UploadLinkRequestView = {
  kind: 'pathology_report',
  label: 'Pathology report',
  expiresAt: '2026-03-15T12:00:00.000Z',
};

const received: SecondOpinionRecordView = {
  id: '00000000-0000-4000-8000-0000000000e1',
  kind: 'pathology_report',
  title: 'Lung biopsy',
  fileName: 'lung-biopsy.pdf',
  contentType: 'application/pdf',
  sizeBytes: 2 * MB,
  sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  receivedAt: '2026-03-12T13:00:00.000Z',
  uploadLinkId: '00000000-0000-4000-8000-0000000000f1',
  withheld: false,
};

/** A PDF of the given apparent size, without allocating it. */
function pdf(name: string, size: number): File {
  const file = new File(['%PDF-1.7 test'], name, { type: 'application/pdf' });
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

function gone(code: string) {
  return () => json({ statusCode: 410, error: 'Gone', message: 'gone', code }, 410);
}

function openUpload(path = `/uploads/${TOKEN}`, languages?: string[]) {
  const server = fakeServer().on('GET', LINK, () => json(request));
  const page = openPage(path, { server, languages });
  // The file picker's own filter is bypassed, as when someone picks "All files" in the dialog.
  const user = userEvent.setup({ applyAccept: false });
  const input = () => document.querySelector<HTMLInputElement>('input[type="file"]')!;
  return { ...page, user, input };
}

/** Chooses a file, gives it a title and sends it; the XMLHttpRequest that carries it. */
async function sendFile(file = pdf('lung-biopsy.pdf', 2 * MB)) {
  const page = openUpload();
  await screen.findByRole('heading', { name: 'Send a medical record' });
  await page.user.upload(page.input(), file);
  await screen.findByText(/Selected: .*lung-biopsy\.pdf/);
  await page.user.click(screen.getByRole('button', { name: 'Send record' }));
  await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
  return { ...page, xhr: FakeXhr.instances[0]! };
}

beforeEach(() => {
  FakeXhr.instances = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  window.sessionStorage.clear();
  window.localStorage.clear();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the referrer’s upload page', () => {
  it('reads the token once, takes it out of the address, and keeps it for a reload in this tab', async () => {
    const { server, unmount } = openUpload();
    await screen.findByRole('heading', { name: 'Send a medical record' });
    expect(server.calls.map((call) => call.path)).toEqual([`/api/v1/uploads/${TOKEN}`]);
    await waitFor(() => expect(window.location.pathname).toBe('/uploads'));
    expect(window.location.href).not.toContain(TOKEN);
    expect(window.sessionStorage.getItem('tumor-board.referrer.uploads')).toBe(TOKEN);
    unmount();

    // A reload of the bare page in the same tab.
    const reloaded = openUpload('/uploads');
    await screen.findByRole('heading', { name: 'Send a medical record' });
    expect(reloaded.server.calls.map((call) => call.path)).toEqual([`/api/v1/uploads/${TOKEN}`]);
  });

  it('says the link is incomplete when opened without a token this tab knows', async () => {
    const { server } = openUpload('/uploads');
    expect(await screen.findByRole('heading', { name: 'This link is incomplete' })).toBeTruthy();
    expect(server.calls).toHaveLength(0);
  });

  it('says which record is asked for and until when, in the browser’s language', async () => {
    openUpload(`/uploads/${TOKEN}`, ['es-MX', 'en']);
    expect(
      await screen.findByRole('heading', { name: 'Enviar un documento clínico' }),
    ).toBeTruthy();
    expect(screen.getByText('Informe de anatomía patológica')).toBeTruthy();
    expect(screen.getByText(/Este enlace es válido hasta el 15 de marzo de 2026/)).toBeTruthy();
    expect(document.documentElement.lang).toBe('es-MX');
    expect(document.documentElement.dir).toBe('ltr');
    expect(document.title).toBe('Enviar un documento clínico – Tumor Board');
  });

  it.each([
    ['link_used', 'This upload link has already been used'],
    ['link_expired', 'This link has expired'],
    ['consent_withdrawn', 'This request has been stopped'],
    ['opinion_delivered', 'No more records are needed'],
  ])('410 “%s” on opening → “%s”', async (code, title) => {
    const server = fakeServer().on('GET', LINK, gone(code));
    openPage(`/uploads/${TOKEN}`, { server });
    expect(await screen.findByRole('heading', { name: title })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Send record' })).toBeNull();
  });

  it('says a link the server does not know is not valid', async () => {
    const server = fakeServer().on('GET', LINK, () =>
      json({ statusCode: 404, error: 'Not Found', message: 'upload link not found' }, 404),
    );
    openPage(`/uploads/${TOKEN}`, { server });
    expect(await screen.findByRole('heading', { name: 'This link is not valid' })).toBeTruthy();
  });

  it('refuses a file of the wrong type, or too large, before sending anything', async () => {
    const { user, input, server } = openUpload();
    await screen.findByRole('heading', { name: 'Send a medical record' });

    await user.upload(input(), new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'is not a PDF, PNG or JPEG file',
    );

    await user.upload(input(), pdf('ct-report.pdf', 30 * MB));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /ct-report\.pdf.* is 30 MB; the limit is 25 MB\./,
    );
    await user.type(screen.getByLabelText(/^Title of the record/), 'CT report');
    await user.click(screen.getByRole('button', { name: 'Send record' }));
    expect(FakeXhr.instances).toHaveLength(0);
    expect(server.calls).toHaveLength(1);
  });

  it('asks for a file and a title before sending', async () => {
    const { user } = openUpload();
    await screen.findByRole('heading', { name: 'Send a medical record' });
    await user.click(screen.getByRole('button', { name: 'Send record' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choose the file to send.');
    expect(screen.getByText('Enter a title of 2 to 200 characters.')).toBeTruthy();
    expect(FakeXhr.instances).toHaveLength(0);
  });

  it('sends the record with no Authorization header, shows its progress, then what was received', async () => {
    const { xhr } = await sendFile();
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe(`/api/v1/uploads/${TOKEN}`);
    expect(xhr.headers.authorization).toBeUndefined();
    const form = xhr.body as FormData;
    expect(form.get('title')).toBe('lung-biopsy');
    expect((form.get('file') as File).name).toBe('lung-biopsy.pdf');
    expect((form.get('file') as File).type).toBe('application/pdf');

    xhr.progress(512, 1024);
    const bar = await screen.findByRole('progressbar', { name: /Sending .*lung-biopsy\.pdf/ });
    expect(bar.getAttribute('aria-valuenow')).toBe('50');
    expect(screen.getByRole('button', { name: 'Cancel sending' })).toBeTruthy();

    xhr.respond(201, received);
    const heading = await screen.findByRole('heading', { name: 'Record received' });
    expect(document.activeElement).toBe(heading);
    expect(screen.getByText('lung-biopsy.pdf')).toBeTruthy();
    expect(screen.getByText('2 MB')).toBeTruthy();
    const fingerprint = screen.getByText('e3b0c44298fc…');
    expect(fingerprint.getAttribute('title')).toBe(received.sha256);
  });

  it.each([
    [413, 'The server refused the file as too large.'],
    [415, 'The server did not accept this file'],
    [
      422,
      'The file could not be opened: it may be damaged, incomplete or protected by a password.',
    ],
  ])('explains a %i from the server beside the file', async (status, words) => {
    const { xhr } = await sendFile();
    xhr.respond(status, { statusCode: status, message: 'refused' });
    expect((await screen.findByRole('alert')).textContent).toContain(words);
    expect(screen.getByRole('button', { name: 'Send record' })).toBeTruthy();
  });

  it.each([
    ['link_used', 'This upload link has already been used'],
    ['consent_withdrawn', 'This request has been stopped'],
  ])('shows the link gone when the server answers 410 “%s” to the upload', async (code, title) => {
    const { xhr } = await sendFile();
    xhr.respond(410, { statusCode: 410, error: 'Gone', message: 'gone', code });
    expect(await screen.findByRole('heading', { name: title })).toBeTruthy();
  });

  it('cancels a sending under way', async () => {
    const { xhr, user } = await sendFile();
    xhr.progress(100, 1024);
    await user.click(await screen.findByRole('button', { name: 'Cancel sending' }));
    expect(await screen.findByText(/^Sending was cancelled\./)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send record' })).toBeTruthy();
  });

  it('offers to try again after the connection was lost', async () => {
    const { xhr, user } = await sendFile();
    xhr.fail();
    expect((await screen.findByRole('alert')).textContent).toContain('the connection was lost');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(2));
    FakeXhr.instances[1]!.respond(201, received);
    expect(await screen.findByRole('heading', { name: 'Record received' })).toBeTruthy();
  });
});
