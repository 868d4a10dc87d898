import { describe, expect, it } from 'vitest';
import { UPLOAD_LIMIT_BYTES } from '../../api/uploadRules';
import { checkFile } from './fileCheck';

const PDF = '%PDF-1.7\n';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);

/** A file with these first bytes and the given apparent size, without allocating it. */
function fileOf(content: BlobPart, name: string, type: string, size?: number): File {
  const file = new File([content], name, { type });
  if (size !== undefined) Object.defineProperty(file, 'size', { value: size });
  return file;
}

describe('checking a file before it is sent', () => {
  it.each<[string, BlobPart, string, string]>([
    ['report.pdf', PDF, 'application/pdf', 'application/pdf'],
    ['slide.png', PNG, 'image/png', 'image/png'],
    ['photo.jpg', JPEG, 'image/jpeg', 'image/jpeg'],
    // Typed vaguely by the browser, or not at all: the bytes decide, as on the server.
    ['scan', PDF, '', 'application/pdf'],
    ['photo.png', JPEG, 'image/png', 'image/jpeg'],
  ])('accepts %s', async (name, content, declared, type) => {
    expect(await checkFile(fileOf(content, name, declared))).toEqual({
      ok: true,
      contentType: type,
    });
  });

  it('refuses a file that is not a PDF, PNG or JPEG', async () => {
    expect(await checkFile(fileOf('MZ…', 'setup.exe', 'application/x-msdownload'))).toEqual({
      ok: false,
      problem: { id: 'upload.error.type', name: 'setup.exe' },
    });
  });

  it('refuses a file named as a PDF without a PDF inside', async () => {
    expect(await checkFile(fileOf('hello', 'report.pdf', 'application/pdf'))).toEqual({
      ok: false,
      problem: { id: 'upload.error.content', name: 'report.pdf' },
    });
  });

  it('refuses an empty file', async () => {
    expect(await checkFile(fileOf('', 'report.pdf', 'application/pdf'))).toEqual({
      ok: false,
      problem: { id: 'upload.error.empty', name: 'report.pdf' },
    });
  });

  it('accepts a file of exactly the limit, and refuses one byte more', async () => {
    const atLimit = fileOf(PDF, 'a.pdf', 'application/pdf', UPLOAD_LIMIT_BYTES);
    expect((await checkFile(atLimit)).ok).toBe(true);
    const over = fileOf(PDF, 'a.pdf', 'application/pdf', UPLOAD_LIMIT_BYTES + 1);
    expect(await checkFile(over)).toEqual({
      ok: false,
      problem: { id: 'upload.error.size', name: 'a.pdf', size: UPLOAD_LIMIT_BYTES + 1 },
    });
  });
});
