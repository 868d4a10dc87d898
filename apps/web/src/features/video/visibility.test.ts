import { BoardRole, Specialty } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { gridPage } from './layout';
import { layerForWidth, planVideo, type TileView, type VideoProducerRef } from './visibility';

describe('layerForWidth', () => {
  it.each<[number, number]>([
    [0, 0],
    [160, 0],
    [319.5, 0],
    [320, 1],
    [639, 1],
    [640, 2],
    [1920, 2],
  ])('%d px wide: layer %d', (width, layer) => {
    expect(layerForWidth(width)).toBe(layer);
  });
});

const producers: VideoProducerRef[] = [
  { producerId: 'cam-a', userId: 'a', source: 'camera' },
  { producerId: 'cam-b', userId: 'b', source: 'camera' },
  { producerId: 'scr-b', userId: 'b', source: 'screen' },
  { producerId: 'cam-c', userId: 'c', source: 'camera' },
];

const tile = (userId: string, source: TileView['source'], width: number, visible = true) => ({
  userId,
  source,
  width,
  visible,
});

describe('planVideo', () => {
  it.each<[string, TileView[], Array<[string, number | null]>]>([
    ['nothing on screen: nothing received', [], []],
    ['a visible camera tile, by its width', [tile('a', 'camera', 500)], [['cam-a', 1]]],
    ['a tile scrolled out of view is not received', [tile('a', 'camera', 500, false)], []],
    [
      'the screen share gets no layer (one encoding)',
      [tile('b', 'screen', 1200)],
      [['scr-b', null]],
    ],
    [
      'a camera in two tiles gets the wider one’s layer',
      [tile('a', 'camera', 200), tile('a', 'camera', 700)],
      [['cam-a', 2]],
    ],
    [
      "someone's camera and screen are separate",
      [tile('b', 'camera', 150), tile('b', 'screen', 900)],
      [
        ['cam-b', 0],
        ['scr-b', null],
      ],
    ],
    ['a tile of someone who sends nothing asks for nothing', [tile('z', 'camera', 500)], []],
  ])('%s', (_name, tiles, expected) => {
    expect([...planVideo(producers, tiles)]).toEqual(expected);
  });

  it('page 2 of a board of 40, with the speaker on page 1 and a screen shared', () => {
    const participants = Array.from({ length: 40 }, (_, index) => ({
      userId: `u${index + 1}`,
      displayName: `Member ${index + 1}`,
      role: BoardRole.Panelist,
      specialty: Specialty.Radiology,
    }));
    const everyone: VideoProducerRef[] = [
      ...participants.map((participant) => ({
        producerId: `cam-${participant.userId}`,
        userId: participant.userId,
        source: 'camera' as const,
      })),
      { producerId: 'screen-u2', userId: 'u2', source: 'screen' },
    ];
    const layout = gridPage({ participants, selfUserId: 'u1', activeSpeakerId: 'u4', page: 1 });
    // What the grid draws: the screen on the stage, the spotlight and the page as small tiles.
    const tiles: TileView[] = [
      tile('u2', 'screen', 1100),
      ...[layout.spotlight, ...layout.tiles].map((participant) =>
        tile(participant?.userId ?? '', 'camera', 180),
      ),
    ];
    const plan = planVideo(everyone, tiles);
    expect([...plan.keys()].sort()).toEqual(
      [
        'screen-u2',
        'cam-u4',
        ...['u10', 'u11', 'u12', 'u13', 'u14', 'u15', 'u16', 'u17', 'u18'].map((id) => `cam-${id}`),
      ].sort(),
    );
    expect(plan.get('cam-u4')).toBe(0);
    expect(plan.get('screen-u2')).toBeNull();
    expect(plan.size).toBe(11);
  });
});
