import { BoardRole, Specialty } from '@app/contracts';
import { describe, expect, it } from 'vitest';
import { gridPage, type Participant } from './layout';

function board(count: number): Participant[] {
  return Array.from({ length: count }, (_, index) => ({
    userId: `u${index + 1}`,
    displayName: `Member ${index + 1}`,
    role: BoardRole.Panelist,
    specialty: Specialty.Pathology,
  }));
}

const ids = (participants: Participant[]) => participants.map((participant) => participant.userId);

describe('gridPage', () => {
  it.each<[string, number, number, string[], number]>([
    ['one page for a small board', 4, 0, ['u3', 'u1', 'u2', 'u4'], 1],
    [
      'first page of 40: oneself first',
      40,
      0,
      ['u3', 'u1', 'u2', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'],
      5,
    ],
    [
      'second page continues in order',
      40,
      1,
      ['u10', 'u11', 'u12', 'u13', 'u14', 'u15', 'u16', 'u17', 'u18'],
      5,
    ],
    ['the last page holds the rest', 40, 4, ['u37', 'u38', 'u39', 'u40'], 5],
    ['a page past the end shows the last', 40, 9, ['u37', 'u38', 'u39', 'u40'], 5],
    [
      'a negative page shows the first',
      10,
      -2,
      ['u3', 'u1', 'u2', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'],
      2,
    ],
    ['exactly one full page', 9, 1, ['u3', 'u1', 'u2', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'], 1],
  ])('%s', (_name, count, page, expected, pageCount) => {
    const result = gridPage({
      participants: board(count),
      selfUserId: 'u3',
      activeSpeakerId: null,
      page,
    });
    expect(ids(result.tiles)).toEqual(expected);
    expect(result.pageCount).toBe(pageCount);
  });

  it('an empty room is one empty page', () => {
    expect(
      gridPage({ participants: [], selfUserId: 'u1', activeSpeakerId: null, page: 3 }),
    ).toEqual({ page: 0, pageCount: 1, tiles: [], spotlight: null });
  });

  it.each<[string, string | null, number, string | null]>([
    ['a speaker on another page is spotlighted', 'u25', 0, 'u25'],
    ['a speaker on this page is not repeated', 'u5', 0, null],
    ['oneself speaking is on page one, spotlighted on others', 'u3', 2, 'u3'],
    ['no speaker, no spotlight', null, 1, null],
    ['a speaker who is not present is ignored', 'stranger', 0, null],
  ])('%s', (_name, speaker, page, spotlight) => {
    const result = gridPage({
      participants: board(40),
      selfUserId: 'u3',
      activeSpeakerId: speaker,
      page,
    });
    expect(result.spotlight?.userId ?? null).toBe(spotlight);
  });

  it('takes another page size', () => {
    const result = gridPage({
      participants: board(10),
      selfUserId: 'u1',
      activeSpeakerId: null,
      page: 2,
      pageSize: 4,
    });
    expect(ids(result.tiles)).toEqual(['u9', 'u10']);
    expect(result.pageCount).toBe(3);
  });
});
