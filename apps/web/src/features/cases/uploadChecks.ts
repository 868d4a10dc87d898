import { fileSize } from './words';

/**
 * What the server accepts as a record upload, checked before a byte is sent so nobody waits for
 * a 30 MB upload to be refused. The server decides again on the file's first bytes.
 */
export const UPLOAD_LIMIT_BYTES = 25 * 1024 * 1024; // the server's default UPLOAD_LIMIT_BYTES

export const UPLOAD_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
};

const EXTENSION_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

export const UPLOAD_ACCEPT = [...Object.keys(UPLOAD_TYPES), '.pdf', '.png', '.jpg', '.jpeg'];

/** The type to declare for the file: its own when the browser knows it, else from its extension. */
export function uploadType(file: Pick<File, 'name' | 'type'>): string | null {
  const declared = file.type.split(';')[0]!.trim().toLowerCase();
  if (declared === 'image/jpg') return 'image/jpeg';
  if (declared) return UPLOAD_TYPES[declared] ? declared : null;
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return EXTENSION_TYPES[extension] ?? null;
}

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
