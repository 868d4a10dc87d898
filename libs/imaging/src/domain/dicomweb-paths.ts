import { isDicomUid } from './dicom-uid';

/**
 * What a viewer asks the proxy for, as the DICOMweb resource of the study: its series, its
 * metadata or a series' metadata (JSON), frames of an instance, or a rendered image.
 */
export type DicomWebResource =
  | { kind: 'study-series'; study: string }
  | { kind: 'study-metadata'; study: string }
  | { kind: 'series-metadata'; study: string; series: string }
  | { kind: 'series-rendered'; study: string; series: string }
  | { kind: 'frames'; study: string; series: string; instance: string; frames: string }
  | { kind: 'instance-rendered'; study: string; series: string; instance: string };

/** Frame numbers, comma-separated, from 1: at most 64 of them (a stack's worth). */
export const FRAME_LIST_PATTERN = /^[1-9][0-9]{0,5}(,[1-9][0-9]{0,5}){0,63}$/;

/** Whether the answer is DICOM JSON (read, cleaned of upstream URLs) or bytes relayed as they come. */
export function answersJson(resource: DicomWebResource): boolean {
  return (
    resource.kind === 'study-series' ||
    resource.kind === 'study-metadata' ||
    resource.kind === 'series-metadata'
  );
}

/** The path under the source's DICOMweb root; throws on a UID or frame list that is not one. */
export function dicomWebPath(resource: DicomWebResource): string {
  const uids = [resource.study, 'series' in resource ? resource.series : undefined];
  if ('instance' in resource) uids.push(resource.instance);
  for (const uid of uids) {
    if (uid !== undefined && !isDicomUid(uid)) throw new Error(`not a DICOM UID: ${uid}`);
  }
  const study = `/studies/${resource.study}`;
  switch (resource.kind) {
    case 'study-series':
      return `${study}/series`;
    case 'study-metadata':
      return `${study}/metadata`;
    case 'series-metadata':
      return `${study}/series/${resource.series}/metadata`;
    case 'series-rendered':
      return `${study}/series/${resource.series}/rendered`;
    case 'frames':
      if (!FRAME_LIST_PATTERN.test(resource.frames))
        throw new Error(`not a frame list: ${resource.frames}`);
      return `${study}/series/${resource.series}/instances/${resource.instance}/frames/${resource.frames}`;
    case 'instance-rendered':
      return `${study}/series/${resource.series}/instances/${resource.instance}/rendered`;
  }
}

/** The most precise thing the resource names, for a "not found" answer. */
export function resourceSubject(resource: DicomWebResource): { kind: string; uid: string } {
  if ('instance' in resource) return { kind: 'instance', uid: resource.instance };
  if ('series' in resource) return { kind: 'series', uid: resource.series };
  return { kind: 'imaging study', uid: resource.study };
}
