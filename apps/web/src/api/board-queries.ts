import { useQuery } from '@tanstack/react-query';
import type { ActorLike, BoardRoleValue } from '@app/contracts';
import { data } from './client';
import { useApi } from './context';

/**
 * The board and its members are read by almost every screen (role, time zone, presenters), so
 * their queries live here once, under one key each, and are shared through the query cache.
 */
export const boardKeys = {
  all: ['boards'] as const,
  board: (boardId: string) => ['boards', boardId] as const,
  members: (boardId: string) => ['boards', boardId, 'members'] as const,
};

export function useBoardQuery(boardId: string) {
  const api = useApi();
  return useQuery({
    queryKey: boardKeys.board(boardId),
    queryFn: () => data(api.GET('/api/v1/boards/{boardId}', { params: { path: { boardId } } })),
  });
}

export function useBoardMembersQuery(boardId: string) {
  const api = useApi();
  return useQuery({
    queryKey: boardKeys.members(boardId),
    queryFn: () =>
      data(api.GET('/api/v1/boards/{boardId}/members', { params: { path: { boardId } } })),
  });
}

/**
 * The signed-in person as the board permission rules (`mayOnBoard`, `mayEditCase` in
 * `@app/contracts`, the server's own) read them: an administrator, or their role on the board.
 */
export function boardActor(
  me: { role: string },
  role: BoardRoleValue | null | undefined,
): ActorLike {
  return { isAdmin: me.role === 'admin', role: role ?? null };
}
