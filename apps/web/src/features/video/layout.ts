import type { PresenceEntry } from '@app/contracts';

/** Who may have a tile: the presence list's entries, as the room sends them. */
export type Participant = Pick<PresenceEntry, 'userId' | 'displayName' | 'role' | 'specialty'>;

/** Tiles per page: a 3 × 3 grid stays readable on a laptop; a board of 40 is five pages. */
export const PAGE_SIZE = 9;

export interface GridPage {
  /** The page shown, from 0, within the pages there are. */
  page: number;
  pageCount: number;
  /** This page's participants, in order: oneself first, then the presence list's order. */
  tiles: Participant[];
  /** The active speaker when they are on another page: shown beside this one. */
  spotlight: Participant | null;
}

/**
 * Which participants are on screen: pages of `pageSize` with oneself first (a stable order, so
 * tiles do not jump when someone speaks), and the active speaker added as a spotlight tile when
 * they are on another page.
 */
export function gridPage({
  participants,
  selfUserId,
  activeSpeakerId,
  page,
  pageSize = PAGE_SIZE,
}: {
  participants: readonly Participant[];
  selfUserId: string;
  activeSpeakerId: string | null;
  page: number;
  pageSize?: number;
}): GridPage {
  const ordered = [
    ...participants.filter((participant) => participant.userId === selfUserId),
    ...participants.filter((participant) => participant.userId !== selfUserId),
  ];
  const size = Math.max(1, Math.floor(pageSize));
  const pageCount = Math.max(1, Math.ceil(ordered.length / size));
  const shown = Math.min(Math.max(0, Math.floor(page)), pageCount - 1);
  const tiles = ordered.slice(shown * size, shown * size + size);
  const speaker =
    activeSpeakerId === null
      ? undefined
      : ordered.find((participant) => participant.userId === activeSpeakerId);
  const spotlight =
    speaker && !tiles.some((tile) => tile.userId === speaker.userId) ? speaker : null;
  return { page: shown, pageCount, tiles, spotlight };
}
