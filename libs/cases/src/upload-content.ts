import { Worker } from 'node:worker_threads';
import { DomainError } from '@app/core';
import { AllowedUploadType } from './domain';

/** The most pages an uploaded PDF may have (a whole chart exported is a few hundred). */
export const MAX_PDF_PAGES = 2_000;
/** How long opening one PDF may take before it is refused. */
const PDF_OPEN_DEADLINE_MS = 10_000;
/** The most pixels an uploaded image may have (100 megapixels: a 10,000 × 10,000 scan). */
export const MAX_IMAGE_PIXELS = 100_000_000;

/** A file whose first bytes say PDF, PNG or JPEG but which does not open as one: 422 with why. */
export class UnreadableUpload extends DomainError {
  readonly status = 422;
  readonly code = 'unreadable_file';
}

/**
 * Opens an upload as what its signature says, with the libraries that read
 * those formats (pdf-lib for PDF, in a worker thread within a deadline;
 * libvips through sharp for images): a PDF must be complete, parse with its
 * page tree, and have 1 to `MAX_PDF_PAGES` pages; an image
 * must decode entirely, be the format it claims and have at most
 * `MAX_IMAGE_PIXELS` pixels. Refuses with the reason in words.
 */
export async function checkUploadContent(type: AllowedUploadType, bytes: Buffer): Promise<void> {
  if (type === 'application/pdf') await checkPdf(bytes);
  else await checkImage(type === 'image/png' ? 'png' : 'jpeg', bytes);
}

/**
 * What opening a PDF found, computed in a worker thread: pdf-lib reads a damaged file byte by byte
 * (seconds per megabyte of garbage), so the parse runs off the event loop and within a deadline.
 */
type PdfReading = { pages: number } | { refused: 'encrypted' | 'unreadable' };

/** The parse, as the worker runs it (plain JavaScript: it is evaluated, not compiled). */
const PDF_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { PDFDocument, EncryptedPDFError } = require(workerData.library);
PDFDocument.load(workerData.bytes, { updateMetadata: false, throwOnInvalidObject: true })
  .then((document) => parentPort.postMessage({ pages: document.getPageCount() }))
  .catch((error) => parentPort.postMessage({
    refused: error instanceof EncryptedPDFError ? 'encrypted' : 'unreadable',
  }));
`;

function readPdf(bytes: Buffer): Promise<PdfReading | 'timeout'> {
  return new Promise((resolve) => {
    const worker = new Worker(PDF_WORKER, {
      eval: true,
      workerData: { library: require.resolve('@cantoo/pdf-lib'), bytes },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    const timer = setTimeout(() => {
      resolve('timeout');
      void worker.terminate();
    }, PDF_OPEN_DEADLINE_MS);
    const settle = (reading: PdfReading) => {
      clearTimeout(timer);
      resolve(reading);
      void worker.terminate();
    };
    worker.once('message', (reading: PdfReading) => settle(reading));
    worker.once('error', () => settle({ refused: 'unreadable' }));
  });
}

async function checkPdf(bytes: Buffer): Promise<void> {
  // A complete PDF ends with its end-of-file marker; an upload cut short does not.
  if (!bytes.subarray(Math.max(0, bytes.length - 1024)).includes('%%EOF'))
    throw new UnreadableUpload(
      'the PDF is incomplete (it does not end with the end-of-file marker): upload the whole file',
    );
  const reading = await readPdf(bytes);
  if (reading === 'timeout')
    throw new UnreadableUpload(
      `the PDF could not be opened within ${PDF_OPEN_DEADLINE_MS / 1000} s (damaged, or far too complex)`,
    );
  if ('refused' in reading)
    throw new UnreadableUpload(
      reading.refused === 'encrypted'
        ? 'the PDF is protected by a password: save a copy without one, then upload that'
        : 'the file starts like a PDF but does not open as one (damaged or incomplete)',
    );
  if (reading.pages === 0) throw new UnreadableUpload('the PDF has no pages');
  if (reading.pages > MAX_PDF_PAGES)
    throw new UnreadableUpload(
      `the PDF has ${reading.pages.toLocaleString('en-GB')} pages; at most ${MAX_PDF_PAGES.toLocaleString('en-GB')} are accepted`,
    );
}

type Sharp = typeof import('sharp').default;

/** sharp (libvips), loaded when the first image arrives, its cache off: each upload is decoded once. */
let imageLibrary: Promise<Sharp> | null = null;
function loadImageLibrary(): Promise<Sharp> {
  imageLibrary ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp;
  });
  return imageLibrary;
}

async function checkImage(format: 'png' | 'jpeg', bytes: Buffer): Promise<void> {
  const name = format === 'png' ? 'PNG' : 'JPEG';
  const sharp = await loadImageLibrary();
  const image = sharp(bytes, { limitInputPixels: false, failOn: 'error' });
  let width: number;
  let height: number;
  let actual: string | undefined;
  try {
    ({ width, height, format: actual } = await image.metadata());
  } catch {
    throw new UnreadableUpload(`the file starts like a ${name} image but does not open as one`);
  }
  if (actual !== format)
    throw new UnreadableUpload(`the file starts like a ${name} image but holds another format`);
  if (width * height > MAX_IMAGE_PIXELS)
    throw new UnreadableUpload(
      `the image is ${width} × ${height} pixels; at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels are accepted`,
    );
  try {
    await image.stats();
  } catch {
    throw new UnreadableUpload(
      `the ${name} image is damaged or incomplete: it does not decode to the end`,
    );
  }
}
