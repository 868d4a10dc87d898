import {
  BoardAction,
  mayEditCase as mayEditCaseRule,
  mayOnBoard,
  mayViewMrn,
} from '@app/contracts';
import type { Schemas, UserView } from '../../api/types';

/**
 * What the signed-in person may do with cases, asked of the same rules the server enforces
 * (`@app/contracts` board permissions), so nobody sees a button that can only fail.
 */
type Role = Schemas['BoardRole'] | null;

function actor(me: UserView, role: Role) {
  return { isAdmin: me.role === 'admin', role };
}

export function mayCreateCase(me: UserView, role: Role): boolean {
  return mayOnBoard(actor(me, role), BoardAction.CreateCase);
}

export function mayEditCase(me: UserView, role: Role, presenterId: string | null): boolean {
  return mayEditCaseRule(actor(me, role), me.id, presenterId);
}

export function mayDeclareConflict(me: UserView, role: Role): boolean {
  return mayOnBoard(actor(me, role), BoardAction.DeclareConflict);
}

/** Whether the MRN will be shown to this person for a case presented by `presenterId`. */
export function maySeeMrn(me: UserView, role: Role, presenterId: string | null): boolean {
  return mayViewMrn(actor(me, role), me.id, presenterId);
}

/** Cases whose content and records are final. */
export const CLOSED_STATUSES: ReadonlyArray<Schemas['CaseStatusName']> = [
  'recommendation_published',
  'withdrawn',
];
