import { useQuery } from '@tanstack/react-query';
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
