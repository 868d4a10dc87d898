/**
 * What the server accepts as an uploaded record: a PDF, PNG or JPEG file, up to its default
 * UPLOAD_LIMIT_BYTES. Checked before a byte is sent so nobody waits for a 30 MB upload to be
 * refused; the server decides again on the file's first bytes.
 */
export const UPLOAD_LIMIT_BYTES = 25 * 1024 * 1024;

const UPLOAD_TYPES: readonly string[] = ['application/pdf', 'image/png', 'image/jpeg'];

const EXTENSION_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

export const UPLOAD_ACCEPT = [...UPLOAD_TYPES, '.pdf', '.png', '.jpg', '.jpeg'];

/** The type to declare for the file: its own when the browser knows it, else from its extension. */
export function uploadType(file: Pick<File, 'name' | 'type'>): string | null {
  const declared = file.type.split(';')[0]!.trim().toLowerCase();
  if (declared === 'image/jpg') return 'image/jpeg';
  if (declared) return UPLOAD_TYPES.includes(declared) ? declared : null;
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return EXTENSION_TYPES[extension] ?? null;
}

/** The server's signatures (ISO 32000 `%PDF-`, PNG §5.2, JPEG SOI + marker). */
const SIGNATURES: ReadonlyArray<{ type: string; bytes: readonly number[] }> = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/** How many leading bytes `contentType` needs to see. */
export const SIGNATURE_BYTES = 16;

/** The type a file's first bytes prove, among the accepted ones; null if none matches. */
export function contentType(head: Uint8Array): string | null {
  const match = SIGNATURES.find(
    ({ bytes }) =>
      head.length >= bytes.length && bytes.every((byte, index) => head[index] === byte),
  );
  return match?.type ?? null;
}
