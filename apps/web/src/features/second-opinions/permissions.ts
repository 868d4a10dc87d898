import { BoardAction, mayOnBoard } from '@app/contracts';
import { boardActor } from '../../api/board-queries';
import type { Schemas, UserView } from '../../api/types';

/**
 * Second opinions are run by the board's coordinators (`BoardAction.Manage`, the rule the server
 * enforces): intake, records, reviewers, delivery. Reviewers work in their own workspace.
 */
export function mayCoordinate(me: UserView, role: Schemas['BoardRole'] | null): boolean {
  return mayOnBoard(boardActor(me, role), BoardAction.Manage);
}
