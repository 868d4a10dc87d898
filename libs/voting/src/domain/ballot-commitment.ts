import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/core';

/** What a ballot's commitment binds: which ballot it is, its choice (null: abstain) and its salt. */
export interface CommittedBallot {
  voteId: string;
  voterId: string;
  /** The voter's ballot number on this vote (a changed ballot is the next number). */
  sequence: number;
  optionId: string | null;
  /** Random per ballot, kept with it: without it the few possible choices could be tried one by one. */
  salt: string;
}

/**
 * The SHA-256 commitment to a ballot (hex, over its canonical JSON) that the audit log names while
 * a vote is blind. Once the vote closes, the ballot row's choice and salt reproduce it, so anyone
 * can check the log said nothing else before.
 */
export function ballotCommitment(ballot: CommittedBallot): string {
  const { voteId, voterId, sequence, optionId, salt } = ballot;
  return createHash('sha256')
    .update(canonicalJson({ voteId, voterId, sequence, optionId, salt }))
    .digest('hex');
}
