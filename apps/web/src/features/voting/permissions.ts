import { BoardAction, mayOnBoard, type ActorLike } from '@app/contracts';

/**
 * Who may do what with votes and recommendations. The board permission matrix has no actions
 * for these, so the server's own rules are restated here (`OPENERS`, `DRAFTERS` and the
 * lifecycle in libs/voting): the buttons shown are the ones the server accepts.
 */

const OPENERS: readonly string[] = ['chair', 'presenter', 'coordinator'];

/**
 * Opening a vote (OPENERS in libs/voting/src/vote-opener.ts); drafting, editing and amending a
 * recommendation (DRAFTERS in libs/voting/src/recommendations.service.ts).
 */
export function mayPropose(actor: ActorLike): boolean {
  return actor.isAdmin || (actor.role !== null && OPENERS.includes(actor.role));
}

/** Closing a vote: whoever runs the meeting. */
export function mayCloseVote(actor: ActorLike): boolean {
  return mayOnBoard(actor, BoardAction.RunMeeting);
}

/** Referring a case without consensus for an external opinion: the chair (or an administrator). */
export function mayReferExternally(actor: ActorLike): boolean {
  return actor.isAdmin || actor.role === 'chair';
}

/** Signing: the board's chair only, an administrator included only when they are its chair. */
export function maySign(actor: ActorLike): boolean {
  return actor.role === 'chair';
}

/** Publishing: a coordinator of the board only. */
export function mayPublish(actor: ActorLike): boolean {
  return actor.role === 'coordinator';
}
