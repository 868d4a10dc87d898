import { SPECIALTIES, Specialty, VotingPolicy, VotingThreshold } from '@app/contracts';
import { compareCodeUnits } from './sort-order';

/** One of the treatment options put to the vote. */
export interface VoteOption {
  id: string;
}

/** A member entitled to vote on this case (see `eligibleVoters`). */
export interface EligibleVoter {
  userId: string;
  specialty: Specialty;
}

/** A voter's effective ballot; `optionId` null is an abstention. */
export interface Ballot {
  voterId: string;
  /** The specialty the voter held when casting the ballot: the per-specialty tally uses it. */
  specialty: Specialty;
  optionId: string | null;
}

/** An exact share, never rounded: `votes` out of `of`. */
export interface Share {
  votes: number;
  of: number;
}

export type VoteOutcome =
  | { kind: 'no_quorum' }
  | { kind: 'consensus'; optionId: string; decidedBy: 'vote' | 'casting_vote' }
  | { kind: 'no_consensus'; reason: 'all_abstained' }
  | { kind: 'no_consensus'; reason: 'below_threshold' }
  | { kind: 'no_consensus'; reason: 'tie'; tiedOptionIds: string[] };

export interface OptionTally {
  optionId: string;
  votes: number;
  /** Votes for the option out of all non-abstaining counted ballots. */
  share: Share;
}

export interface SpecialtyTally {
  specialty: Specialty;
  /** Eligible voters of this specialty. */
  eligible: number;
  /** Every option, in the vote's order, with the votes cast for it by this specialty. */
  votes: Array<{ optionId: string; votes: number }>;
  abstentions: number;
}

/**
 * Why a ballot was left out of the count. A ballot from someone who is not eligible is
 * `not_eligible` even if its option is also unknown.
 */
export type BallotRejection = 'not_eligible' | 'unknown_option';

export interface RejectedBallot {
  voterId: string;
  reason: BallotRejection;
}

export interface ParticipationQuorum {
  met: boolean;
  /** Counted ballots that count toward quorum (abstentions only if the policy says so). */
  counted: number;
  required: number;
}

export interface TallyInput {
  /** The options in the order the vote presents them; ids are unique; at least one. */
  options: readonly VoteOption[];
  /** Eligible voters; one entry per user. */
  eligible: readonly EligibleVoter[];
  /** At most one effective ballot per voter (see `effectiveBallots`). */
  ballots: readonly Ballot[];
  policy: VotingPolicy;
  /** The board's `QuorumPolicy.minVotingMembers`: a whole number, at least 1. */
  minVotingMembers: number;
  chairId: string | null;
}

export interface Tally {
  outcome: VoteOutcome;
  /** Every option, in the vote's order. */
  options: OptionTally[];
  abstentions: number;
  /** Ballots counted: votes for an option plus abstentions, rejected ballots excluded. */
  ballotsCounted: number;
  eligibleCount: number;
  /** Counted ballots (abstentions included) out of eligible voters. */
  turnout: Share;
  quorum: ParticipationQuorum;
  /** Specialties with an eligible voter or a counted ballot, in the order of `SPECIALTIES`. */
  bySpecialty: SpecialtyTally[];
  /** Ballots left out of the count, by voter id. */
  rejected: RejectedBallot[];
}

/**
 * Whether `votes` out of `of` non-abstaining ballots reach the threshold, in whole-number
 * arithmetic so that exactly two thirds or exactly 57 % is never lost to rounding:
 * - simple majority: strictly more than half (2·votes > of);
 * - two thirds: at least two thirds (3·votes ≥ 2·of);
 * - unanimous: every non-abstaining ballot (votes = of);
 * - custom p %: at least p % (100·votes ≥ p·of).
 * Nobody voting (of = 0) meets no threshold.
 */
export function meetsThreshold(threshold: VotingThreshold, votes: number, of: number): boolean {
  if (of === 0) return false;
  switch (threshold.kind) {
    case 'simple_majority':
      return 2 * votes > of;
    case 'two_thirds':
      return 3 * votes >= 2 * of;
    case 'unanimous':
      return votes === of;
    case 'custom':
      return 100 * votes >= threshold.percent * of;
  }
}

/**
 * The outcome of a closed vote, with the full count behind it.
 *
 * Which ballots count: only ballots of eligible voters, for one of the vote's options or
 * abstaining. Others are left out of every figure and listed in `rejected`.
 *
 * 1. Participation quorum: the counted ballots must number at least `minVotingMembers`;
 *    abstentions count toward it only when `policy.abstentionsCountTowardQuorum`. A vote
 *    without quorum decides nothing: `no_quorum`.
 * 2. If every counted ballot abstains: `no_consensus`, `all_abstained`.
 * 3. An option whose share of the non-abstaining ballots meets the board's threshold (see
 *    `meetsThreshold`) is the board's recommendation: `consensus`, decided by `vote`.
 *    Every threshold is above one half, so at most one option can meet it.
 * 4. If no option meets it and two or more options share the highest count, it is a tie. When
 *    `policy.chairCastingVote` and the chair's counted ballot is for one of the tied options,
 *    that option carries: `consensus`, decided by `casting_vote`. Otherwise `no_consensus`,
 *    `tie`, with the tied options in the vote's order.
 * 5. Otherwise `no_consensus`, `below_threshold`.
 *
 * The result depends only on who voted for what, never on the order of the ballots or of the
 * eligible voters. Malformed input (no options, duplicate option ids, a voter listed twice, a
 * voter with two ballots, `minVotingMembers` below 1, a custom percent that is not a whole
 * number from 51 to 100) is a programming error and throws.
 */
export function decideOutcome(input: TallyInput): Tally {
  assertWellFormed(input);
  const { counted, rejected } = screenBallots(input);
  const abstentions = counted.filter((ballot) => ballot.optionId === null).length;
  const nonAbstaining = counted.length - abstentions;
  const options = tallyOptions(input.options, counted, nonAbstaining);
  const quorum = participationQuorum(counted.length, abstentions, input);
  return {
    outcome: outcomeOf(quorum, options, nonAbstaining, counted, input),
    options,
    abstentions,
    ballotsCounted: counted.length,
    eligibleCount: input.eligible.length,
    turnout: { votes: counted.length, of: input.eligible.length },
    quorum,
    bySpecialty: tallyBySpecialty(input, counted),
    rejected,
  };
}

function assertWellFormed(input: TallyInput): void {
  if (input.options.length === 0) throw new Error('a vote needs at least one option');
  assertUnique(
    input.options.map((option) => option.id),
    'option',
  );
  assertUnique(
    input.eligible.map((voter) => voter.userId),
    'eligible voter',
  );
  assertUnique(
    input.ballots.map((ballot) => ballot.voterId),
    'ballot voter',
  );
  if (!Number.isInteger(input.minVotingMembers) || input.minVotingMembers < 1)
    throw new Error(`minVotingMembers must be a whole number ≥ 1, got ${input.minVotingMembers}`);
  const { threshold } = input.policy;
  if (
    threshold.kind === 'custom' &&
    !(Number.isInteger(threshold.percent) && threshold.percent >= 51 && threshold.percent <= 100)
  )
    throw new Error(
      `a custom threshold is a whole percent from 51 to 100, got ${threshold.percent}`,
    );
}

function assertUnique(ids: string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new Error(`duplicate ${what} ${id}`);
    seen.add(id);
  }
}

function rejectionOf(
  ballot: Ballot,
  eligibleIds: Set<string>,
  optionIds: Set<string>,
): BallotRejection | null {
  if (!eligibleIds.has(ballot.voterId)) return 'not_eligible';
  if (ballot.optionId !== null && !optionIds.has(ballot.optionId)) return 'unknown_option';
  return null;
}

function screenBallots(input: TallyInput): { counted: Ballot[]; rejected: RejectedBallot[] } {
  const eligibleIds = new Set(input.eligible.map((voter) => voter.userId));
  const optionIds = new Set(input.options.map((option) => option.id));
  const counted: Ballot[] = [];
  const rejected: RejectedBallot[] = [];
  for (const ballot of input.ballots) {
    const reason = rejectionOf(ballot, eligibleIds, optionIds);
    if (reason === null) counted.push(ballot);
    else rejected.push({ voterId: ballot.voterId, reason });
  }
  rejected.sort((a, b) => compareCodeUnits(a.voterId, b.voterId));
  return { counted, rejected };
}

function votesFor(optionId: string, ballots: readonly Ballot[]): number {
  return ballots.filter((ballot) => ballot.optionId === optionId).length;
}

function tallyOptions(
  options: readonly VoteOption[],
  counted: readonly Ballot[],
  nonAbstaining: number,
): OptionTally[] {
  return options.map((option) => {
    const votes = votesFor(option.id, counted);
    return { optionId: option.id, votes, share: { votes, of: nonAbstaining } };
  });
}

function participationQuorum(
  ballotsCounted: number,
  abstentions: number,
  input: TallyInput,
): ParticipationQuorum {
  const counted = input.policy.abstentionsCountTowardQuorum
    ? ballotsCounted
    : ballotsCounted - abstentions;
  return { met: counted >= input.minVotingMembers, counted, required: input.minVotingMembers };
}

/** Options sharing the highest count, in the vote's order. */
function leaders(options: readonly OptionTally[]): string[] {
  const highest = Math.max(...options.map((option) => option.votes));
  return options.filter((option) => option.votes === highest).map((option) => option.optionId);
}

function castingVote(
  tiedOptionIds: readonly string[],
  counted: readonly Ballot[],
  input: TallyInput,
): string | null {
  if (!input.policy.chairCastingVote || input.chairId === null) return null;
  const chairBallot = counted.find((ballot) => ballot.voterId === input.chairId);
  const choice = chairBallot?.optionId ?? null;
  return choice !== null && tiedOptionIds.includes(choice) ? choice : null;
}

function outcomeOf(
  quorum: ParticipationQuorum,
  options: readonly OptionTally[],
  nonAbstaining: number,
  counted: readonly Ballot[],
  input: TallyInput,
): VoteOutcome {
  if (!quorum.met) return { kind: 'no_quorum' };
  if (nonAbstaining === 0) return { kind: 'no_consensus', reason: 'all_abstained' };
  const carried = options.find((option) =>
    meetsThreshold(input.policy.threshold, option.votes, nonAbstaining),
  );
  if (carried) return { kind: 'consensus', optionId: carried.optionId, decidedBy: 'vote' };
  const tiedOptionIds = leaders(options);
  if (tiedOptionIds.length < 2) return { kind: 'no_consensus', reason: 'below_threshold' };
  const casting = castingVote(tiedOptionIds, counted, input);
  if (casting !== null) return { kind: 'consensus', optionId: casting, decidedBy: 'casting_vote' };
  return { kind: 'no_consensus', reason: 'tie', tiedOptionIds };
}

function specialtiesInvolved(input: TallyInput, counted: readonly Ballot[]): Specialty[] {
  const involved = new Set<Specialty>([
    ...input.eligible.map((voter) => voter.specialty),
    ...counted.map((ballot) => ballot.specialty),
  ]);
  return SPECIALTIES.filter((specialty) => involved.has(specialty));
}

function tallyBySpecialty(input: TallyInput, counted: readonly Ballot[]): SpecialtyTally[] {
  return specialtiesInvolved(input, counted).map((specialty) => {
    const ballots = counted.filter((ballot) => ballot.specialty === specialty);
    return {
      specialty,
      eligible: input.eligible.filter((voter) => voter.specialty === specialty).length,
      votes: input.options.map((option) => ({
        optionId: option.id,
        votes: votesFor(option.id, ballots),
      })),
      abstentions: ballots.filter((ballot) => ballot.optionId === null).length,
    };
  });
}
