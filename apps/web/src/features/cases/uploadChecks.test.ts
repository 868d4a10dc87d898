import { describe, expect, it } from 'vitest';
import { UPLOAD_LIMIT_BYTES, uploadProblem, uploadType } from './uploadChecks';

const MB = 1024 * 1024;
const file = (name: string, type: string, size: number) => ({ name, type, size });

describe('upload pre-checks', () => {
  it('refuses a 30 MB PDF, naming its size and the limit', () => {
    expect(uploadProblem(file('ct-report.pdf', 'application/pdf', 30 * MB))).toBe(
      '“ct-report.pdf” is 30 MB; the limit is 25 MB per file. Reduce its size (for example, scan at a lower resolution) or split it.',
    );
  });

  it('accepts a file of exactly the limit, and refuses one byte more', () => {
    expect(uploadProblem(file('a.pdf', 'application/pdf', UPLOAD_LIMIT_BYTES))).toBeNull();
    expect(uploadProblem(file('a.pdf', 'application/pdf', UPLOAD_LIMIT_BYTES + 1))).toMatch(
      /is 26,214,401 bytes; the limit is 26,214,400 bytes \(25 MB\)/,
    );
  });

  it.each([
    ['setup.exe', 'application/x-msdownload'],
    ['setup.exe', ''],
    ['scan.dcm', 'application/dicom'],
    ['notes.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ])('refuses %s (%s) as not a PDF, PNG or JPEG', (name, type) => {
    expect(uploadProblem(file(name, type, 1000))).toBe(
      `“${name}” is not a PDF, PNG or JPEG file. Only PDF documents and PNG or JPEG images can be attached; export or scan it to one of those first.`,
    );
  });

  it.each([
    ['report.pdf', 'application/pdf', 'application/pdf'],
    ['slide.PNG', 'image/png', 'image/png'],
    ['photo.jpg', 'image/jpg', 'image/jpeg'],
    ['report.pdf', '', 'application/pdf'],
    ['photo.JPEG', '', 'image/jpeg'],
  ])('accepts %s declared as "%s" and sends it as %s', (name, type, sent) => {
    expect(uploadProblem(file(name, type, 2 * MB))).toBeNull();
    expect(uploadType(file(name, type, 2 * MB))).toBe(sent);
  });

  it('refuses an empty file', () => {
    expect(uploadProblem(file('empty.pdf', 'application/pdf', 0))).toMatch(/is empty/);
  });
});
