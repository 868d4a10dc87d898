import { BoardRole } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { captureProblem, deviceOptions, joinOptions, mediaRights } from './devices';

describe('deviceOptions', () => {
  it('lists one kind, hides devices not yet allowed, names unnamed ones', () => {
    expect(
      deviceOptions(
        [
          { deviceId: '', kind: 'videoinput', label: '' },
          { deviceId: 'a', kind: 'videoinput', label: 'Front camera' },
          { deviceId: 'b', kind: 'videoinput', label: '' },
          { deviceId: 'm', kind: 'audioinput', label: 'Headset' },
        ],
        'videoinput',
      ),
    ).toEqual([
      { id: 'a', label: 'Front camera' },
      { id: 'b', label: 'Camera 2' },
    ]);
  });
});

describe('captureProblem', () => {
  it.each<[string, string, 'camera' | 'microphone' | 'screen', RegExp]>([
    [
      'blocked camera',
      'NotAllowedError',
      'camera',
      /^Camera blocked: allow camera access in the browser's site settings/,
    ],
    [
      'blocked microphone',
      'NotAllowedError',
      'microphone',
      /^Microphone blocked: allow microphone access/,
    ],
    ['blocked screen', 'NotAllowedError', 'screen', /^Screen sharing was not allowed/],
    [
      'no camera',
      'NotFoundError',
      'camera',
      /^No camera found: connect one, or join without video/,
    ],
    [
      'no microphone',
      'NotFoundError',
      'microphone',
      /^No microphone found: connect one, or join listening only/,
    ],
    ['camera in use', 'NotReadableError', 'camera', /another application may be using it/],
    ['insecure page', 'NoMediaDevices', 'camera', /secure connection/],
    [
      'anything else',
      'WeirdError',
      'microphone',
      /^The microphone could not start \(refused\)\. Try again/,
    ],
  ])('%s', (_name, errorName, what, expected) => {
    expect(captureProblem(new DOMException('refused', errorName), what)).toMatch(expected);
  });
});

describe('joinOptions', () => {
  const labels = (input: Parameters<typeof joinOptions>[0]) =>
    joinOptions(input).map((option) => option.label);

  it.each<[string, Parameters<typeof joinOptions>[0], string[]]>([
    [
      'camera and microphone',
      { canSend: true, hasCamera: true, hasMicrophone: true },
      ['Join with camera and microphone', 'Join muted', 'Join without video'],
    ],
    [
      'microphone only',
      { canSend: true, hasCamera: false, hasMicrophone: true },
      ['Join with microphone', 'Join muted'],
    ],
    [
      'camera only',
      { canSend: true, hasCamera: true, hasMicrophone: false },
      ['Join with camera', 'Join listening only'],
    ],
    [
      'no device',
      { canSend: true, hasCamera: false, hasMicrophone: false },
      ['Join listening only'],
    ],
    [
      'an observer',
      { canSend: false, hasCamera: true, hasMicrophone: true },
      ['Join listening only'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(labels(input)).toEqual(expected);
  });

  it('"Join muted" sends the camera with the microphone muted', () => {
    const muted = joinOptions({ canSend: true, hasCamera: true, hasMicrophone: true })[1];
    expect(muted?.choice).toEqual({ camera: true, microphone: 'muted' });
  });
});

describe('mediaRights', () => {
  it.each<[BoardRole, boolean, boolean]>([
    [BoardRole.Coordinator, true, true],
    [BoardRole.Chair, true, true],
    [BoardRole.Presenter, true, true],
    [BoardRole.Panelist, true, false],
    [BoardRole.Observer, false, false],
  ])('%s: send %s, share the screen %s', (role, canSend, canShareScreen) => {
    expect(mediaRights(role)).toEqual({ canSend, canShareScreen });
  });
});
