import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction, BoardActor } from '@app/boards';
import { NotFound } from '@app/core';

/** The user's place on the board a request belongs to; to anyone outside it the request does not exist. */
export function actorOnRequestBoard(
  boards: BoardAccessService,
  boardId: string,
  user: AuthenticatedUser,
  requestId: string,
): Promise<BoardActor> {
  return boards.actorOn(boardId, user).catch(() => {
    throw new NotFound('second opinion', requestId);
  });
}

/** The user as a coordinator of the request's board (403 for other members, 404 for outsiders). */
export function requireRequestCoordinator(
  boards: BoardAccessService,
  boardId: string,
  user: AuthenticatedUser,
  requestId: string,
): Promise<BoardActor> {
  return boards.require(boardId, user, BoardAction.Manage).catch((error: unknown) => {
    if (error instanceof NotFound) throw new NotFound('second opinion', requestId);
    throw error;
  });
}
