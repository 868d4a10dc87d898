import { BoardRole } from '@app/contracts';
import {
  MEDIA_SOURCES,
  MediaSource,
  consumerPriority,
  rtpClash,
  kindOf,
  maxIncomingBitrate,
  mayProduce,
} from './media-policy';

const ROLES = Object.values(BoardRole);
const SCREEN_SHARERS = new Set<BoardRole>([
  BoardRole.Presenter,
  BoardRole.Chair,
  BoardRole.Coordinator,
]);

describe('mayProduce', () => {
  const cases = ROLES.flatMap((role) => MEDIA_SOURCES.map((source) => [role, source] as const));

  it.each(cases)('%s sending %s', (role, source) => {
    const decision = mayProduce(role, source, kindOf(source));
    const allowed =
      role !== BoardRole.Observer && (source !== 'screen' || SCREEN_SHARERS.has(role));
    expect(decision.ok).toBe(allowed);
    if (!decision.ok) expect(decision.code).toBe('forbidden');
  });

  it.each<[MediaSource, string]>([
    ['camera', 'audio'],
    ['microphone', 'video'],
    ['screen', 'audio'],
  ])('refuses %s carried as %s', (source, kind) => {
    expect(mayProduce(BoardRole.Chair, source, kind)).toMatchObject({
      ok: false,
      code: 'invalid_input',
    });
  });
});

describe('priorities and bitrates', () => {
  it('puts imaging first, then speech, then faces', () => {
    expect(consumerPriority('screen')).toBeGreaterThan(consumerPriority('microphone'));
    expect(consumerPriority('microphone')).toBeGreaterThan(consumerPriority('camera'));
  });

  it('gives imaging sharers room for a sharp screen share', () => {
    for (const role of ROLES)
      expect(maxIncomingBitrate(role)).toBe(SCREEN_SHARERS.has(role) ? 10_000_000 : 2_000_000);
  });
});

describe('rtpClash', () => {
  const audio = { mid: '0', encodings: [{ ssrc: 1111 }] };
  const video = { mid: '1', encodings: [{ ssrc: 2222, rtx: { ssrc: 2223 } }] };

  it.each<[string, unknown[], unknown, string | null]>([
    ['a first stream', [], audio, null],
    ['a stream of its own', [audio], video, null],
    [
      'a MID already sent',
      [audio],
      { mid: '0', encodings: [{ ssrc: 3333 }] },
      'mid 0 is already sent on this transport',
    ],
    [
      'an SSRC already sent',
      [audio],
      { mid: '2', encodings: [{ ssrc: 1111 }] },
      'ssrc 1111 is already sent on this transport',
    ],
    [
      'an RTX SSRC already sent',
      [video],
      { mid: '3', encodings: [{ ssrc: 2223 }] },
      'ssrc 2223 is already sent on this transport',
    ],
    [
      'an SSRC past 32 bits, as the worker reads it',
      [audio],
      { encodings: [{ ssrc: 2 ** 32 + 1111 }] },
      'ssrc 1111 is already sent on this transport',
    ],
    ['parameters of any shape', [audio, null, 'x'], { mid: 0, encodings: 'x' }, null],
    [
      'encodings of any shape',
      [{ encodings: [null, 7] }],
      { encodings: [null, { rtx: null }] },
      null,
    ],
  ])('%s', (_label, sent, next, expected) => {
    expect(rtpClash(sent, next)).toBe(expected);
  });
});
