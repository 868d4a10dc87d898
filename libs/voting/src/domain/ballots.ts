import { Specialty } from '@app/contracts';
import { compareCodeUnits } from './sort-order';
import { VoteOutcome } from './tally';

/** One entry of a vote's ballot history: every ballot ever cast is kept, none is overwritten. */
export interface BallotEntry {
  voterId: string;
  /** The specialty the voter held when casting. */
  specialty: Specialty;
  /** The option voted for; null is an abstention. */
  optionId: string | null;
  comment?: string;
  /** Position in the vote's history, assigned when the ballot is recorded; later is higher. */
  sequence: number;
  castAt: string;
}

/**
 * A voter may change their ballot while the vote is open: the ballot with the highest
 * `sequence` is the one that counts. `castAt` is informative only, since clocks of different
 * servers may disagree. The history is left intact; one ballot per voter comes back, sorted by
 * voter id. Two ballots of one voter with the same sequence cannot be ordered and throw.
 */
export function effectiveBallots<T extends BallotEntry>(history: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const entry of history) {
    const current = latest.get(entry.voterId);
    if (current !== undefined && current.sequence === entry.sequence)
      throw new Error(`voter ${entry.voterId} has two ballots with sequence ${entry.sequence}`);
    if (current === undefined || entry.sequence > current.sequence)
      latest.set(entry.voterId, entry);
  }
  return [...latest.values()].sort((a, b) => compareCodeUnits(a.voterId, b.voterId));
}

/**
 * A minority opinion is a dissent from the board's recommendation: it may be recorded only
 * once the vote has reached consensus (by vote or by the chair's casting vote), and only by a
 * voter whose counted ballot was for another option. Voters who abstained or did not vote did
 * not dissent. `effectiveBallot` is the voter's ballot as counted by the tally, or null.
 */
export function mayRecordMinorityOpinion(
  outcome: VoteOutcome,
  effectiveBallot: Pick<BallotEntry, 'optionId'> | null,
): boolean {
  if (outcome.kind !== 'consensus' || effectiveBallot === null) return false;
  return effectiveBallot.optionId !== null && effectiveBallot.optionId !== outcome.optionId;
}
