import { Injectable } from '@nestjs/common';
import {
  Specialty,
  VoteOptionView,
  VoteOutcomeView,
  VoteTallyView,
  VoteView,
  VotingPolicy,
} from '@app/contracts';
import { UnitOfWork } from '@app/persistence';
import { BallotEntry, VoteAtBatch, VoterStanding } from './domain';

export interface VoteRow {
  id: string;
  case_id: string;
  board_id: string;
  meeting_id: string | null;
  agenda_item_id: string | null;
  round: number;
  mode: 'live' | 'async';
  status: 'open' | 'closed';
  question: string;
  options: VoteOptionView[];
  policy: VotingPolicy;
  min_voting_members: number;
  chair_id: string | null;
  deadline: Date | null;
  opened_by: string;
  opened_at: Date;
  closed_at: Date | null;
  close_reason: VoteView['closeReason'];
  result: VoteResult | null;
  external_referral: VoteView['externalReferral'];
}

export interface VoteResult {
  outcome: VoteOutcomeView;
  tally: VoteTallyView;
}

/** A new vote's row, as `open` writes it. */
export interface NewVoteRow {
  id: string;
  caseId: string;
  boardId: string;
  meetingId: string | null;
  agendaItemId: string | null;
  round: number;
  mode: 'live' | 'async';
  question: string;
  options: VoteOptionView[];
  policy: VotingPolicy;
  minVotingMembers: number;
  chairId: string | null;
  deadline: Date | null;
  openedBy: string;
  openedAt: Date;
}

export interface VoterRow {
  user_id: string;
  /** The specialty the voter held when the vote opened. */
  specialty: Specialty;
}

export interface BallotRow extends BallotEntry {
  submissionId: string;
}

export interface NewBallotRow {
  voterId: string;
  sequence: number;
  optionId: string | null;
  comment: string | null;
  submissionId: string;
  commitment: string;
  salt: string;
  castAt: Date;
}

export interface MinorityOpinionRow {
  user_id: string;
  specialty: Specialty;
  text: string;
  recorded_at: Date;
}

/**
 * A vote with its voters, ballots and minority opinions (vote, vote_voter, ballot,
 * minority_opinion). Inside a transaction it joins it, so locks taken here hold until it ends.
 */
@Injectable()
export class VoteRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async find(voteId: string, lock = false): Promise<VoteRow | null> {
    const [vote] = await this.uow.manager.query(
      `SELECT * FROM vote WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [voteId],
    );
    return (vote as VoteRow | undefined) ?? null;
  }

  /** The board a vote is on, read without a lock (to check access before taking one). */
  async boardOf(voteId: string): Promise<string | null> {
    const [found] = await this.uow.manager.query(`SELECT board_id FROM vote WHERE id = $1`, [
      voteId,
    ]);
    return found?.board_id ?? null;
  }

  /** Locks the vote's row until the transaction ends, without reading it. */
  async lock(voteId: string): Promise<void> {
    await this.uow.manager.query(`SELECT 1 FROM vote WHERE id = $1 FOR UPDATE`, [voteId]);
  }

  async idsOfCase(caseId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.uow.manager.query(
      `SELECT id FROM vote WHERE case_id = $1 ORDER BY round`,
      [caseId],
    );
    return rows.map((row) => row.id);
  }

  async nextRound(caseId: string): Promise<number> {
    const [{ round }] = await this.uow.manager.query(
      `SELECT coalesce(max(round), 0) + 1 AS round FROM vote WHERE case_id = $1`,
      [caseId],
    );
    return round;
  }

  /** Writes an open vote; false when the case already has one open. */
  async insert(vote: NewVoteRow): Promise<boolean> {
    const inserted = await this.uow.manager.query(
      `INSERT INTO vote (id, case_id, board_id, meeting_id, agenda_item_id, round, mode, status, question,
         options, policy, min_voting_members, chair_id, deadline, opened_by, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        vote.id,
        vote.caseId,
        vote.boardId,
        vote.meetingId,
        vote.agendaItemId,
        vote.round,
        vote.mode,
        vote.question,
        JSON.stringify(vote.options),
        JSON.stringify(vote.policy),
        vote.minVotingMembers,
        vote.chairId,
        vote.deadline,
        vote.openedBy,
        vote.openedAt,
      ],
    );
    return inserted.length > 0;
  }

  async addVoters(
    voteId: string,
    voters: Array<{ userId: string; specialty: Specialty }>,
  ): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO vote_voter (vote_id, user_id, specialty)
       SELECT $1, unnest($2::uuid[]), unnest($3::text[])`,
      [voteId, voters.map((v) => v.userId), voters.map((v) => v.specialty)],
    );
  }

  async close(
    voteId: string,
    closedBy: string | null,
    reason: 'chair' | 'all_voted' | 'deadline',
    result: VoteResult,
    closedAt: Date,
  ): Promise<void> {
    await this.uow.manager.query(
      `UPDATE vote SET status = 'closed', closed_at = $5, closed_by = $2, close_reason = $3, result = $4
       WHERE id = $1`,
      [voteId, closedBy, reason, JSON.stringify(result), closedAt],
    );
  }

  async setExternalReferral(
    voteId: string,
    referral: NonNullable<VoteView['externalReferral']>,
  ): Promise<void> {
    await this.uow.manager.query(`UPDATE vote SET external_referral = $2 WHERE id = $1`, [
      voteId,
      JSON.stringify(referral),
    ]);
  }

  /**
   * Up to 20 open votes whose deadline has passed at `now`, locked; those another instance is
   * closing are skipped.
   */
  async lockOverdue(now: Date): Promise<VoteRow[]> {
    return this.uow.manager.query(
      `SELECT * FROM vote WHERE status = 'open' AND deadline <= $1
       ORDER BY deadline LIMIT 20 FOR UPDATE SKIP LOCKED`,
      [now],
    );
  }

  async voters(voteId: string): Promise<VoterRow[]> {
    return this.uow.manager.query(`SELECT user_id, specialty FROM vote_voter WHERE vote_id = $1`, [
      voteId,
    ]);
  }

  /**
   * What a batch of ballots needs to know, in one query (the vote's row locked first): how many
   * voters have voted and how many may, and for each of `voterIds` who is eligible, the sequence
   * of their latest ballot and which of `submissionIds` they have already recorded.
   */
  async standing(
    voteId: string,
    voterIds: string[],
    submissionIds: string[],
  ): Promise<Pick<VoteAtBatch, 'voters' | 'ballotsReceived' | 'eligibleCount'>> {
    const [row]: Array<{ received: number; eligible: number; voters: VoterStanding[] }> =
      await this.uow.manager.query(
        `SELECT (SELECT count(DISTINCT voter_id) FROM ballot WHERE vote_id = $1)::int AS received,
                (SELECT count(*) FROM vote_voter WHERE vote_id = $1)::int AS eligible,
                coalesce((
                  SELECT json_agg(json_build_object(
                    'voterId', v.user_id,
                    'latestSequence', (SELECT coalesce(max(b.sequence), 0) FROM ballot b
                                       WHERE b.vote_id = $1 AND b.voter_id = v.user_id),
                    'recordedSubmissionIds', array(SELECT b.submission_id FROM ballot b
                                       WHERE b.vote_id = $1 AND b.voter_id = v.user_id
                                         AND b.submission_id = ANY ($3::uuid[]))))
                  FROM vote_voter v WHERE v.vote_id = $1 AND v.user_id = ANY ($2::uuid[])
                ), '[]') AS voters`,
        [voteId, [...new Set(voterIds)], [...new Set(submissionIds)]],
      );
    return { ballotsReceived: row.received, eligibleCount: row.eligible, voters: row.voters };
  }

  /**
   * Writes a batch of ballots with one statement, in the order given; how many were written. A
   * submission already recorded is skipped, not written twice.
   */
  async insertBallots(voteId: string, ballots: NewBallotRow[]): Promise<number> {
    const inserted = await this.uow.manager.query(
      `INSERT INTO ballot (vote_id, voter_id, sequence, option_id, comment, submission_id, commitment, salt, cast_at)
       SELECT $1::uuid, voter_id, sequence, option_id, comment, submission_id, commitment, salt, cast_at
       FROM unnest($2::uuid[], $3::int[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::text[],
                   $9::timestamptz[])
         AS b (voter_id, sequence, option_id, comment, submission_id, commitment, salt, cast_at)
       ON CONFLICT (vote_id, voter_id, submission_id) DO NOTHING RETURNING 1`,
      [
        voteId,
        ballots.map((b) => b.voterId),
        ballots.map((b) => b.sequence),
        ballots.map((b) => b.optionId),
        ballots.map((b) => b.comment),
        ballots.map((b) => b.submissionId),
        ballots.map((b) => b.commitment),
        ballots.map((b) => b.salt),
        ballots.map((b) => b.castAt),
      ],
    );
    return inserted.length;
  }

  /** Every ballot of the vote in the order cast, with the voter's specialty; comments only if asked. */
  async ballots(voteId: string, withComments = false): Promise<BallotRow[]> {
    const rows: Array<{
      voter_id: string;
      specialty: Specialty;
      option_id: string | null;
      comment: string | null;
      sequence: number;
      cast_at: Date;
      submission_id: string;
    }> = await this.uow.manager.query(
      `SELECT b.voter_id, v.specialty, b.option_id, b.comment, b.sequence, b.cast_at, b.submission_id
       FROM ballot b JOIN vote_voter v ON v.vote_id = b.vote_id AND v.user_id = b.voter_id
       WHERE b.vote_id = $1 ORDER BY b.id`,
      [voteId],
    );
    return rows.map((row) => ({
      voterId: row.voter_id,
      specialty: row.specialty,
      optionId: row.option_id,
      ...(withComments && row.comment !== null ? { comment: row.comment } : {}),
      sequence: row.sequence,
      castAt: row.cast_at.toISOString(),
      submissionId: row.submission_id,
    }));
  }

  /** Records a voter's minority opinion; false when they have already recorded one. */
  async insertMinorityOpinion(
    voteId: string,
    userId: string,
    text: string,
    recordedAt: Date,
  ): Promise<boolean> {
    const inserted = await this.uow.manager.query(
      `INSERT INTO minority_opinion (vote_id, user_id, text, recorded_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [voteId, userId, text, recordedAt],
    );
    return inserted.length > 0;
  }

  /** The vote's minority opinions in the order recorded, with the voter's specialty. */
  async minorityOpinions(voteId: string): Promise<MinorityOpinionRow[]> {
    return this.uow.manager.query(
      `SELECT m.user_id, v.specialty, m.text, m.recorded_at FROM minority_opinion m
       JOIN vote_voter v ON v.vote_id = m.vote_id AND v.user_id = m.user_id
       WHERE m.vote_id = $1 ORDER BY m.recorded_at, m.user_id`,
      [voteId],
    );
  }
}
