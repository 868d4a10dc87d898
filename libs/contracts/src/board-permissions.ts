import { BoardRole } from './enums';

/**
 * What a person may do on a board, decided from their board role alone (or
 * platform admin). Pure, so the whole role × action matrix is unit-tested;
 * services load the membership and ask here, and the web client asks the same
 * rule which buttons to show, so the two cannot disagree.
 */
export enum BoardAction {
  View = 'view',
  Manage = 'manage',
  ManageMeetings = 'manage_meetings',
  RunMeeting = 'run_meeting',
  CreateCase = 'create_case',
  EditAnyCase = 'edit_any_case',
  ViewMrn = 'view_mrn',
  DeclareConflict = 'declare_conflict',
}

const MATRIX: Record<BoardAction, readonly BoardRole[]> = {
  [BoardAction.View]: Object.values(BoardRole),
  [BoardAction.Manage]: [BoardRole.Coordinator],
  [BoardAction.ManageMeetings]: [BoardRole.Coordinator],
  [BoardAction.RunMeeting]: [BoardRole.Coordinator, BoardRole.Chair],
  [BoardAction.CreateCase]: [BoardRole.Coordinator, BoardRole.Chair, BoardRole.Presenter],
  [BoardAction.EditAnyCase]: [BoardRole.Coordinator],
  [BoardAction.ViewMrn]: [BoardRole.Coordinator],
  [BoardAction.DeclareConflict]: [
    BoardRole.Coordinator,
    BoardRole.Chair,
    BoardRole.Presenter,
    BoardRole.Panelist,
  ],
};

/** A board role as the enum or as its wire value (the web client's generated types use the latter). */
export type BoardRoleValue = BoardRole | `${BoardRole}`;

export interface Actor {
  isAdmin: boolean;
  /** The actor's role on the board in question; null when not a member. */
  role: BoardRole | null;
}

/** What the rules read; the web client passes the role as its wire value. */
export interface ActorLike {
  isAdmin: boolean;
  role: BoardRoleValue | null;
}

export function mayOnBoard(actor: ActorLike, action: BoardAction): boolean {
  if (actor.isAdmin) return true;
  return actor.role !== null && (MATRIX[action] as readonly string[]).includes(actor.role);
}

/** Edit rights on one case: coordinators any case, presenters their own. */
export function mayEditCase(
  actor: ActorLike,
  actorId: string,
  casePresenterId: string | null,
): boolean {
  if (mayOnBoard(actor, BoardAction.EditAnyCase)) return true;
  return actor.role === BoardRole.Presenter || actor.role === BoardRole.Chair
    ? casePresenterId === actorId
    : false;
}

/**
 * Searching a PACS for a study to link to a case: whoever may edit the case (coordinators, its
 * presenter), and the board's chair, who runs the discussion.
 */
export function maySearchImaging(
  actor: ActorLike,
  actorId: string,
  casePresenterId: string | null,
): boolean {
  return mayEditCase(actor, actorId, casePresenterId) || actor.role === BoardRole.Chair;
}

/** The MRN is shown to coordinators, the case's presenter and admins. */
export function mayViewMrn(
  actor: ActorLike,
  actorId: string,
  casePresenterId: string | null,
): boolean {
  return (
    mayOnBoard(actor, BoardAction.ViewMrn) || (actor.role !== null && casePresenterId === actorId)
  );
}

/** Observers never vote; others vote when the board grants them the right. */
export function effectiveVotingRight(role: BoardRole, requested: boolean | undefined): boolean {
  if (role === BoardRole.Observer) return false;
  return requested ?? role !== BoardRole.Coordinator;
}
