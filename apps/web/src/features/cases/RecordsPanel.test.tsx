import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BOARD_ID } from '../../test/fixtures';
import { fakeServer, renderAt } from '../../test/harness';
import { FakeXhr } from '../../test/xhr';
import { UploadForm } from './RecordsPanel';
import { CASE_ID } from './testing';

const MB = 1024 * 1024;

/** A file of the given apparent size, without allocating it. */
function fileOf(name: string, type: string, size: number): File {
  const file = new File(['%PDF-1.7 test'], name, { type });
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

beforeEach(() => {
  FakeXhr.instances = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function setup() {
  const server = fakeServer();
  const globalFetch = vi.fn();
  vi.stubGlobal('fetch', globalFetch);
  renderAt(<UploadForm caseId={CASE_ID} boardId={BOARD_ID} />, { api: server.api });
  // The file picker's own filter is bypassed, as when someone picks "All files" in the dialog.
  const user = userEvent.setup({ applyAccept: false });
  const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
  return { server, globalFetch, user, input };
}

describe('record upload', () => {
  it('refuses a 30 MB PDF with its size and the limit, before any network call', async () => {
    const { server, globalFetch, user, input } = setup();
    await user.upload(input, fileOf('ct-report.pdf', 'application/pdf', 30 * MB));
    expect((await screen.findByRole('alert')).textContent).toContain(
      '“ct-report.pdf” is 30 MB; the limit is 25 MB per file.',
    );
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(screen.getByText(/is 30 MB; the limit is 25 MB/)).toBeTruthy();
    expect(FakeXhr.instances).toHaveLength(0);
    expect(server.fetch).not.toHaveBeenCalled();
    expect(globalFetch).not.toHaveBeenCalled();
  });

  it('refuses an .exe as not a PDF, PNG or JPEG, before any network call', async () => {
    const { server, globalFetch, user, input } = setup();
    await user.upload(input, fileOf('setup.exe', 'application/x-msdownload', 200_000));
    expect((await screen.findByRole('alert')).textContent).toContain(
      '“setup.exe” is not a PDF, PNG or JPEG file.',
    );
    expect(FakeXhr.instances).toHaveLength(0);
    expect(server.fetch).not.toHaveBeenCalled();
    expect(globalFetch).not.toHaveBeenCalled();
  });

  it('uploads with the bearer token in a header, shows progress, and explains a refusal by the server', async () => {
    const { user, input } = setup();
    await user.upload(input, fileOf('path-report.pdf', 'application/pdf', 2 * MB));
    expect((screen.getByLabelText(/^Title/) as HTMLInputElement).value).toBe('path-report');
    await user.click(screen.getByRole('button', { name: /Kind/ }));
    await user.click(screen.getByRole('option', { name: 'Pathology report' }));
    await user.click(screen.getByRole('button', { name: 'Upload' }));

    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    const xhr = FakeXhr.instances[0]!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe(`/api/v1/cases/${CASE_ID}/records/upload`);
    expect(xhr.url).not.toContain('token');
    expect(xhr.headers.authorization).toBe('Bearer test-token');
    const form = xhr.body as FormData;
    expect(form.get('kind')).toBe('pathology_report');
    expect(form.get('title')).toBe('path-report');
    expect((form.get('file') as File).name).toBe('path-report.pdf');

    xhr.progress(512, 1024);
    expect((await screen.findByRole('progressbar')).getAttribute('aria-valuenow')).toBe('50');

    xhr.respond(400, {
      statusCode: 400,
      message: 'content is not a PDF, PNG or JPEG',
      details: [{ field: 'file', message: 'content is not a PDF, PNG or JPEG' }],
    });
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The server did not accept this file: content is not a PDF, PNG or JPEG.',
    );
  });

  it('explains a 413 from the server next to the file', async () => {
    const { user, input } = setup();
    await user.upload(input, fileOf('scan.png', 'image/png', 3 * MB));
    await user.click(screen.getByRole('button', { name: /Kind/ }));
    await user.click(screen.getByRole('option', { name: 'Clinical note' }));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    FakeXhr.instances[0]!.respond(413, { statusCode: 413, message: 'File too large' });
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The server refused the file as too large.',
    );
  });

  it('says why the server could not open the file (422)', async () => {
    const { user, input } = setup();
    await user.upload(input, fileOf('scan.pdf', 'application/pdf', MB));
    await user.click(screen.getByRole('button', { name: /Kind/ }));
    await user.click(screen.getByRole('option', { name: 'Clinical note' }));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    FakeXhr.instances[0]!.respond(422, {
      statusCode: 422,
      code: 'unreadable_file',
      message: 'the PDF is protected by a password: save a copy without one, then upload that',
    });
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The file could not be opened: the PDF is protected by a password: save a copy without one, then upload that.',
    );
  });
});
