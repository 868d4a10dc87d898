import type { DicomWebResource } from './dicomweb-paths';

export const FRAMES_DEFAULT_ACCEPT =
  'multipart/related; type="application/octet-stream"; transfer-syntax=*';
export const RENDERED_DEFAULT_ACCEPT = 'image/jpeg';
export const DICOM_JSON = 'application/dicom+json';

const RENDERED_TYPES = ['image/jpeg', 'image/png', 'image/gif', '*/*', 'image/*'];

/**
 * The Accept header sent to the PACS for a resource, from the client's: JSON resources always
 * ask for DICOM JSON; frames ask for multipart/related (the transfer syntax is the client's
 * choice); rendered images for JPEG, PNG or GIF. Null: the client asked for something the
 * resource is never answered as.
 */
export function upstreamAccept(
  resource: DicomWebResource,
  clientAccept: string | undefined,
): string | null {
  const accept = clientAccept?.trim();
  if (
    resource.kind === 'study-series' ||
    resource.kind === 'study-metadata' ||
    resource.kind === 'series-metadata'
  )
    return DICOM_JSON;
  if (accept !== undefined && (accept.length > 512 || !/^[\x20-\x7e]+$/.test(accept))) return null;
  if (resource.kind === 'frames') {
    if (!accept || accept === '*/*') return FRAMES_DEFAULT_ACCEPT;
    return accept
      .split(',')
      .every((range) => range.trim().toLowerCase().startsWith('multipart/related'))
      ? accept
      : null;
  }
  if (!accept) return RENDERED_DEFAULT_ACCEPT;
  const types = accept.split(',').map((range) => range.split(';')[0].trim().toLowerCase());
  return types.every((type) => RENDERED_TYPES.includes(type)) ? accept : null;
}
