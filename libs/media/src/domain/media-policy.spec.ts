import { BoardRole } from '@app/contracts';
import {
  MEDIA_SOURCES,
  MediaSource,
  consumerPriority,
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
