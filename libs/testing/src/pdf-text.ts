import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * pdf-parse ships as an ES module with a worker that jest's CommonJS runtime cannot load, so
 * the text is extracted in a plain Node child process reading the PDF from stdin.
 */
const EXTRACT_TEXT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const result = await parser.getText();
    process.stdout.write(result.text);
  } finally {
    await parser.destroy();
  }
});
`;

const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..');

/** The text of every page of `pdf`, in reading order, as pdf-parse extracts it. */
export function pdfText(pdf: Buffer): string {
  return execFileSync(process.execPath, ['-e', EXTRACT_TEXT], {
    cwd: REPOSITORY_ROOT,
    input: pdf,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}
