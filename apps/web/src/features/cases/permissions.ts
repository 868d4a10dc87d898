import {
  BoardAction,
  mayEditCase as mayEditCaseRule,
  mayOnBoard,
  mayViewMrn,
} from '@app/contracts';
import { boardActor } from '../../api/board-queries';
import type { Schemas, UserView } from '../../api/types';

/**
 * What the signed-in person may do with cases, asked of the same rules the server enforces
 * (`@app/contracts` board permissions), so nobody sees a button that can only fail.
 */
type Role = Schemas['BoardRole'] | null;

export function mayCreateCase(me: UserView, role: Role): boolean {
  return mayOnBoard(boardActor(me, role), BoardAction.CreateCase);
}

export function mayEditCase(me: UserView, role: Role, presenterId: string | null): boolean {
  return mayEditCaseRule(boardActor(me, role), me.id, presenterId);
}

export function mayDeclareConflict(me: UserView, role: Role): boolean {
  return mayOnBoard(boardActor(me, role), BoardAction.DeclareConflict);
}

/** Whether the MRN will be shown to this person for a case presented by `presenterId`. */
export function maySeeMrn(me: UserView, role: Role, presenterId: string | null): boolean {
  return mayViewMrn(boardActor(me, role), me.id, presenterId);
}

/** Cases whose content and records are final. */
export const CLOSED_STATUSES: ReadonlyArray<Schemas['CaseStatusName']> = [
  'recommendation_published',
  'withdrawn',
];
