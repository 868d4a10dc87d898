import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { PDFDocument } from '@cantoo/pdf-lib';
import sharp from 'sharp';
import request from 'supertest';
import { Person, boardWithPanel, completeCase, recentDate } from '../support/clinical';
import { minimalPdf } from '../support/documents';
import { TestApp, bearer, startTestApp } from '../support/test-app';

/** A PDF whose page tree holds `pages` blank pages. */
async function pdfWithPages(pages: number): Promise<Buffer> {
  const document = await PDFDocument.create();
  for (let page = 0; page < pages; page += 1) document.addPage([200, 200]);
  return Buffer.from(await document.save({ addDefaultPage: false }));
}

/** A PNG whose header claims `width` × `height` pixels (the rest is a small, valid image's). */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = await sharp({
    create: { width: 4, height: 4, channels: 3, background: '#fff' },
  })
    .png()
    .toBuffer();
  const claimed = Buffer.from(png);
  claimed.writeUInt32BE(width, 16);
  claimed.writeUInt32BE(height, 20);
  return claimed;
}

/**
 * Uploads are opened as what their first bytes say before anything is
 * stored: a file that only starts like a PDF or an image is 422 with the
 * reason, and nothing of it is kept.
 */
describe('uploads are checked by their content', () => {
  let t: TestApp;
  let coordinator: Person;
  let caseId: string;
  let recordsDir: string;

  const upload = (content: Buffer, filename: string, contentType: string) =>
    request(t.http)
      .post(`/api/v1/cases/${caseId}/records/upload`)
      .set(bearer(coordinator.token))
      .field('kind', 'pathology_report')
      .field('title', filename)
      .field('recordDate', recentDate(2))
      .attach('file', content, { filename, contentType });
  const storedFiles = async () => (await readdir(recordsDir, { recursive: true })).length;

  beforeAll(async () => {
    t = await startTestApp();
    recordsDir = t.recordsDir;
    const panel = await boardWithPanel(t);
    coordinator = panel.coordinator;
    const created = await request(t.http)
      .post(`/api/v1/boards/${panel.boardId}/cases`)
      .set(bearer(coordinator.token))
      .send(completeCase('UC-001'))
      .expect(201);
    caseId = created.body.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('takes real PDFs, PNGs and JPEGs', async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#333' } })
      .png()
      .toBuffer();
    const jpeg = await sharp(png).jpeg().toBuffer();
    await upload(minimalPdf(['Synthetic report']), 'report.pdf', 'application/pdf').expect(201);
    await upload(await pdfWithPages(3), 'three-pages.pdf', 'application/pdf').expect(201);
    await upload(png, 'slide.png', 'image/png').expect(201);
    await upload(jpeg, 'photo.jpg', 'image/jpeg').expect(201);
  });

  it.each([
    [
      'a large file that only starts like a PDF',
      async () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(20 * 1024 * 1024)]),
      'report.pdf',
      'application/pdf',
      /incomplete/,
    ],
    [
      'garbage between a PDF header and an end-of-file marker',
      async () =>
        Buffer.concat([
          Buffer.from('%PDF-1.7\n'),
          randomBytes(64 * 1024),
          Buffer.from('\nstartxref\n9\n%%EOF\n'),
        ]),
      'report.pdf',
      'application/pdf',
      /starts like a PDF but does not open as one/,
    ],
    [
      'a damaged PDF that would take far too long to open',
      async () =>
        Buffer.concat([
          Buffer.from('%PDF-1.7\n'),
          // The same byte over and over: pdf-lib reads it at several seconds per megabyte, every
          // time (random bytes sometimes hold a token it fails on early, which made this flaky).
          Buffer.alloc(24 * 1024 * 1024, 'A'),
          Buffer.from('\nstartxref\n9\n%%EOF\n'),
        ]),
      'scan.pdf',
      'application/pdf',
      /could not be opened within 10 s/,
    ],
    [
      'a PDF cut in the middle',
      async () => {
        const whole = await pdfWithPages(40);
        return whole.subarray(0, Math.floor(whole.length / 2));
      },
      'cut.pdf',
      'application/pdf',
      /incomplete/,
    ],
    [
      'a PDF without pages',
      async () => pdfWithPages(0),
      'empty.pdf',
      'application/pdf',
      /has no pages/,
    ],
    [
      'a PNG header with garbage after it',
      async () => Buffer.concat([(await pngClaiming(4, 4)).subarray(0, 33), randomBytes(4096)]),
      'scan.png',
      'image/png',
      /PNG image/,
    ],
    [
      'a PNG claiming 50,000 × 50,000 pixels',
      async () => pngClaiming(50_000, 50_000),
      'huge.png',
      'image/png',
      /50000 × 50000 pixels; at most 100 megapixels/,
    ],
    [
      'a JPEG cut in the middle',
      async () => {
        const jpeg = await sharp({
          create: { width: 640, height: 480, channels: 3, background: '#a33' },
        })
          .jpeg()
          .toBuffer();
        return jpeg.subarray(0, Math.floor(jpeg.length / 2));
      },
      'cut.jpg',
      'image/jpeg',
      /JPEG image/,
    ],
  ])(
    'refuses %s with 422 and keeps nothing',
    async (_name, build, filename, type, reason) => {
      const before = await storedFiles();
      const response = await upload(await build(), filename, type);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        code: 'unreadable_file',
        message: expect.stringMatching(reason),
      });
      expect(await storedFiles()).toBe(before);
    },
    30_000,
  );
});
