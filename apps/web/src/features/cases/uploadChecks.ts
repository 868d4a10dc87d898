import { UPLOAD_LIMIT_BYTES, uploadType } from '../../api/uploadRules';
import { fileSize } from '../../ui/words';

/** The server's upload rules (shared with the referrer's upload page); this file words them. */
export { UPLOAD_ACCEPT, UPLOAD_LIMIT_BYTES, uploadType } from '../../api/uploadRules';

/** Null when the file may be sent; otherwise what is wrong, in words that say what to do. */
export function uploadProblem(file: Pick<File, 'name' | 'type' | 'size'>): string | null {
  if (!uploadType(file)) {
    return `“${file.name}” is not a PDF, PNG or JPEG file. Only PDF documents and PNG or JPEG images can be attached; export or scan it to one of those first.`;
  }
  if (file.size === 0) return `“${file.name}” is empty (0 bytes). Choose the file again.`;
  if (file.size > UPLOAD_LIMIT_BYTES) {
    // Just over the limit, rounded sizes would read the same: say it in bytes.
    const [size, limit] =
      fileSize(file.size) === fileSize(UPLOAD_LIMIT_BYTES)
        ? [bytes(file.size), `${bytes(UPLOAD_LIMIT_BYTES)} (${fileSize(UPLOAD_LIMIT_BYTES)})`]
        : [fileSize(file.size), fileSize(UPLOAD_LIMIT_BYTES)];
    return `“${file.name}” is ${size}; the limit is ${limit} per file. Reduce its size (for example, scan at a lower resolution) or split it.`;
  }
  return null;
}

function bytes(count: number): string {
  return `${count.toLocaleString('en-GB')} bytes`;
}
