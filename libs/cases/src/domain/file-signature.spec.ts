import { AllowedUploadType, checkDeclaredType, sniffContentType } from './file-signature';

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
const bytes = (...parts: Array<number[] | string>): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? ascii(part) : part)));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF = bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj');
const PNG = bytes(PNG_SIGNATURE, [0, 0, 0, 0x0d], 'IHDR');
const JPEG_JFIF = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF');
const JPEG_EXIF = bytes([0xff, 0xd8, 0xff, 0xe1, 0x12, 0x34], 'Exif');
const HTML = bytes('<!DOCTYPE html><html><body>%PDF-1.4</body></html>');

describe('sniffContentType', () => {
  it.each<[string, Uint8Array, AllowedUploadType | null]>([
    ['PDF', PDF, 'application/pdf'],
    ['bare PDF signature', bytes('%PDF-'), 'application/pdf'],
    ['PNG', PNG, 'image/png'],
    ['bare PNG signature', bytes(PNG_SIGNATURE), 'image/png'],
    ['JPEG (JFIF)', JPEG_JFIF, 'image/jpeg'],
    ['JPEG (Exif)', JPEG_EXIF, 'image/jpeg'],
    ['bare JPEG signature', bytes([0xff, 0xd8, 0xff]), 'image/jpeg'],
    ['empty buffer', new Uint8Array(0), null],
    ['HTML renamed .pdf', HTML, null],
    ['truncated PDF signature', bytes('%PDF'), null],
    ['PDF signature without the dash', bytes('%PDF1.7'), null],
    ['lower-case pdf', bytes('%pdf-1.7'), null],
    ['PDF signature after a BOM', bytes([0xef, 0xbb, 0xbf], '%PDF-1.7'), null],
    ['PDF signature after whitespace', bytes(' %PDF-1.7'), null],
    ['truncated PNG signature', bytes(PNG_SIGNATURE.slice(0, 7)), null],
    [
      'PNG signature with a corrupted byte (text-mode transfer)',
      bytes([0x89, 0x50, 0x4e, 0x47, 0x0a, 0x1a, 0x0a, 0x00]),
      null,
    ],
    ['truncated JPEG signature', bytes([0xff, 0xd8]), null],
    ['JPEG SOI without a marker', bytes([0xff, 0xd8, 0x00, 0xe0]), null],
    ['GIF', bytes('GIF89a'), null],
    ['ZIP / DOCX', bytes([0x50, 0x4b, 0x03, 0x04]), null],
    ['DICOM preamble', bytes(new Array<number>(128).fill(0), 'DICM'), null],
    ['plain text', bytes('Pathology report: adenocarcinoma'), null],
  ])('%s → %s', (_name, head, type) => {
    expect(sniffContentType(head)).toBe(type);
  });
});

describe('checkDeclaredType', () => {
  it.each<[string, Uint8Array, AllowedUploadType]>([
    ['application/pdf', PDF, 'application/pdf'],
    ['APPLICATION/PDF', PDF, 'application/pdf'],
    ['application/pdf; charset=binary', PDF, 'application/pdf'],
    ['  application/pdf ;name="report.pdf"', PDF, 'application/pdf'],
    ['image/png', PNG, 'image/png'],
    ['Image/PNG', PNG, 'image/png'],
    ['image/jpeg', JPEG_JFIF, 'image/jpeg'],
    ['image/jpeg', JPEG_EXIF, 'image/jpeg'],
    ['image/jpg', JPEG_JFIF, 'image/jpeg'],
    ['IMAGE/JPG; q=1', JPEG_EXIF, 'image/jpeg'],
  ])('%j with matching content → %s', (declared, head, type) => {
    expect(checkDeclaredType(declared, head)).toEqual({ ok: true, type });
  });

  it.each<[string, Uint8Array, string]>([
    ['image/png', PDF, 'declared image/png but the content is a PDF'],
    ['application/pdf', PNG, 'declared application/pdf but the content is a PNG'],
    ['application/pdf', JPEG_JFIF, 'declared application/pdf but the content is a JPEG'],
    ['image/jpg', PNG, 'declared image/jpg but the content is a PNG'],
    ['image/jpeg', PNG, 'declared image/jpeg but the content is a PNG'],
    ['image/png', JPEG_EXIF, 'declared image/png but the content is a JPEG'],
    ['application/pdf', HTML, 'content is not a PDF, PNG or JPEG'],
    ['application/pdf', new Uint8Array(0), 'content is not a PDF, PNG or JPEG'],
    ['application/pdf', bytes('%PD'), 'content is not a PDF, PNG or JPEG'],
    ['image/png', bytes(PNG_SIGNATURE.slice(0, 4)), 'content is not a PDF, PNG or JPEG'],
    ['text/html', HTML, 'text/html is not accepted: upload a PDF, PNG or JPEG'],
    ['text/html', PDF, 'text/html is not accepted: upload a PDF, PNG or JPEG'],
    [
      'application/octet-stream',
      PDF,
      'application/octet-stream is not accepted: upload a PDF, PNG or JPEG',
    ],
    ['image/gif', bytes('GIF89a'), 'image/gif is not accepted: upload a PDF, PNG or JPEG'],
    ['application/pdfx', PDF, 'application/pdfx is not accepted: upload a PDF, PNG or JPEG'],
    ['pdf', PDF, 'pdf is not accepted: upload a PDF, PNG or JPEG'],
    ['', PDF, 'no content type declared'],
    ['  ; charset=binary', PDF, 'no content type declared'],
  ])('%j → %j', (declared, head, message) => {
    expect(checkDeclaredType(declared, head)).toEqual({ ok: false, message });
  });
});
