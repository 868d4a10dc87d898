/**
 * Uploads are accepted on what their first bytes prove, never on the declared type or the file
 * name alone.
 */

export type AllowedUploadType = 'application/pdf' | 'image/png' | 'image/jpeg';

export const ALLOWED_UPLOAD_TYPES: readonly AllowedUploadType[] = [
  'application/pdf',
  'image/png',
  'image/jpeg',
];

/** Magic numbers from the format specifications (ISO 32000, PNG §5.2, JPEG SOI + marker). */
const SIGNATURES: ReadonlyArray<{
  type: AllowedUploadType;
  name: string;
  bytes: readonly number[];
}> = [
  { type: 'application/pdf', name: 'PDF', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', name: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', name: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
];

const TYPE_ALIASES: Readonly<Record<string, AllowedUploadType>> = { 'image/jpg': 'image/jpeg' };

const KIND_NAMES = SIGNATURES.map((signature) => signature.name);
const KIND_LIST = `${KIND_NAMES.slice(0, -1).join(', ')} or ${KIND_NAMES[KIND_NAMES.length - 1]}`;

/** The content type the first bytes prove, among the allowed ones; null if none matches. */
export function sniffContentType(head: Uint8Array): AllowedUploadType | null {
  const match = SIGNATURES.find(
    ({ bytes }) =>
      head.length >= bytes.length && bytes.every((byte, index) => head[index] === byte),
  );
  return match?.type ?? null;
}

export function checkDeclaredType(
  declared: string,
  head: Uint8Array,
): { ok: true; type: AllowedUploadType } | { ok: false; message: string } {
  const essence = mediaTypeEssence(declared);
  if (essence === '') return { ok: false, message: 'no content type declared' };
  const declaredType = normalizeUploadType(essence);
  if (declaredType === null) {
    return { ok: false, message: `${essence} is not accepted: upload a ${KIND_LIST}` };
  }
  const actual = sniffContentType(head);
  if (actual === null) return { ok: false, message: `content is not a ${KIND_LIST}` };
  if (actual !== declaredType) {
    return { ok: false, message: `declared ${essence} but the content is a ${kindName(actual)}` };
  }
  return { ok: true, type: actual };
}

/** 'Application/PDF; charset=binary' → 'application/pdf'. */
function mediaTypeEssence(declared: string): string {
  return typeof declared === 'string' ? declared.split(';')[0].trim().toLowerCase() : '';
}

function normalizeUploadType(essence: string): AllowedUploadType | null {
  const type = TYPE_ALIASES[essence] ?? essence;
  return ALLOWED_UPLOAD_TYPES.find((allowed) => allowed === type) ?? null;
}

function kindName(type: AllowedUploadType): string {
  return SIGNATURES.find((signature) => signature.type === type)?.name ?? type;
}
