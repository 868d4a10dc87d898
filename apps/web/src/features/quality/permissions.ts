import { BoardAction, mayOnBoard, type ActorLike } from '@app/contracts';

/**
 * Who may do what with outcomes and quality figures. The board permission matrix has no action
 * for recording an outcome, so the server's rule is restated here: the buttons shown are the ones
 * the server accepts.
 */

/** Recording a follow-up's outcome: coordinators, the chair, administrators (`RECORDERS` in libs/quality). */
export function mayRecordOutcomes(actor: ActorLike): boolean {
  return actor.isAdmin || actor.role === 'coordinator' || actor.role === 'chair';
}

/** The quality metrics and their CSV: whoever manages the board (`QualityMetricsService`). */
export function mayReadQualityMetrics(actor: ActorLike): boolean {
  return mayOnBoard(actor, BoardAction.Manage);
}

/**
 * Reading a delivered second opinion's conclusion (what it recommended): coordinators and
 * administrators here (the opinion's reviewers also may, which the worklist does not know).
 */
export function mayReadWrittenOpinion(actor: ActorLike): boolean {
  return mayOnBoard(actor, BoardAction.Manage);
}
