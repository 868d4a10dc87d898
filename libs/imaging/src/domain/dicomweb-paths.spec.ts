import { FRAMES_DEFAULT_ACCEPT, upstreamAccept } from './accept';
import { DicomWebResource, answersJson, dicomWebPath, resourceSubject } from './dicomweb-paths';

const study = '1.2.3';
const series = '1.2.3.4';
const instance = '1.2.3.4.5';

describe('DICOMweb resources of a study', () => {
  it.each<[DicomWebResource, string, boolean]>([
    [{ kind: 'study-series', study }, '/studies/1.2.3/series', true],
    [{ kind: 'study-metadata', study }, '/studies/1.2.3/metadata', true],
    [{ kind: 'series-metadata', study, series }, '/studies/1.2.3/series/1.2.3.4/metadata', true],
    [{ kind: 'series-rendered', study, series }, '/studies/1.2.3/series/1.2.3.4/rendered', false],
    [
      { kind: 'frames', study, series, instance, frames: '1,2,3' },
      '/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/1,2,3',
      false,
    ],
    [
      { kind: 'instance-rendered', study, series, instance },
      '/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/rendered',
      false,
    ],
  ])('%j is %s', (resource, path, json) => {
    expect(dicomWebPath(resource)).toBe(path);
    expect(answersJson(resource)).toBe(json);
  });

  it.each<DicomWebResource>([
    { kind: 'study-metadata', study: '../../system' },
    { kind: 'series-metadata', study, series: '1.2?x=1' },
    { kind: 'instance-rendered', study, series, instance: '1.2%2F' },
    { kind: 'frames', study, series, instance, frames: '0' },
    { kind: 'frames', study, series, instance, frames: '1,,2' },
    {
      kind: 'frames',
      study,
      series,
      instance,
      frames: Array.from({ length: 65 }, () => '1').join(','),
    },
  ])('refuses to build a path from %j', (resource) => {
    expect(() => dicomWebPath(resource)).toThrow();
  });

  it('names the most precise thing a resource names', () => {
    expect(resourceSubject({ kind: 'study-metadata', study })).toEqual({
      kind: 'imaging study',
      uid: study,
    });
    expect(resourceSubject({ kind: 'series-rendered', study, series })).toEqual({
      kind: 'series',
      uid: series,
    });
    expect(resourceSubject({ kind: 'frames', study, series, instance, frames: '1' })).toEqual({
      kind: 'instance',
      uid: instance,
    });
  });
});

describe('the Accept header sent to the PACS', () => {
  const frames: DicomWebResource = { kind: 'frames', study, series, instance, frames: '1' };
  const rendered: DicomWebResource = { kind: 'instance-rendered', study, series, instance };

  it.each<[DicomWebResource, string | undefined, string | null]>([
    [{ kind: 'study-metadata', study }, 'text/html', 'application/dicom+json'],
    [{ kind: 'study-series', study }, undefined, 'application/dicom+json'],
    [frames, undefined, FRAMES_DEFAULT_ACCEPT],
    [frames, '*/*', FRAMES_DEFAULT_ACCEPT],
    [
      frames,
      'multipart/related; type=application/octet-stream; transfer-syntax=*',
      'multipart/related; type=application/octet-stream; transfer-syntax=*',
    ],
    [frames, 'application/octet-stream', null],
    [frames, 'multipart/related; type="image/jls", image/png', null],
    [rendered, undefined, 'image/jpeg'],
    [rendered, 'image/png', 'image/png'],
    [rendered, 'image/png;q=0.9, */*;q=0.1', 'image/png;q=0.9, */*;q=0.1'],
    [rendered, 'application/pdf', null],
    [rendered, `image/png; ${'x'.repeat(520)}`, null],
    [rendered, 'image/png\u0007', null],
  ])('%j with Accept %j asks for %j', (resource, accept, expected) => {
    expect(upstreamAccept(resource, accept)).toBe(expected);
  });
});
