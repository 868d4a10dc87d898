import { Injectable } from '@nestjs/common';
import { ArbitrationOutcome, IndependentAssessment } from '@app/contracts';
import { UnitOfWork } from '@app/persistence';
import { ConflictAttestation } from './domain';

/** A third reviewer's arbitration of a delivered opinion (second_opinion_arbitration). */
export interface ArbitrationRow {
  id: string;
  request_id: string;
  arbiter_id: string;
  reason: string;
  /** The written opinion's version the arbitration was asked on. */
  opinion_version: number;
  requested_by: string;
  requested_at: Date;
  attestation: ConflictAttestation | null;
  attested_at: Date | null;
  assessment: IndependentAssessment | null;
  submitted_at: Date | null;
  outcome: ArbitrationOutcome | null;
  rationale: string | null;
  decided_at: Date | null;
  /** The written opinion's version that records the decision. */
  issued_version: number | null;
}

/** What asking for an arbitration records. */
export type NewArbitration = Pick<
  ArbitrationRow,
  | 'id'
  | 'request_id'
  | 'arbiter_id'
  | 'reason'
  | 'opinion_version'
  | 'requested_by'
  | 'requested_at'
>;

/**
 * A request's arbitration as the quality metrics count it: when it was first asked for, and its
 * decision once made.
 */
export interface ArbitrationCountRow {
  request_id: string;
  requested_at: Date;
  decided_at: Date | null;
  outcome: ArbitrationOutcome | null;
}

/** Standing arbitrations first (its arbiter has not declared a conflict), the latest asked first. */
const STANDING_FIRST = `(attestation IS DISTINCT FROM 'conflict_declared') DESC, requested_at DESC`;

/**
 * Arbitrations of delivered opinions: the one place their rows are read and written. One stands
 * per request at a time; one whose arbiter declared a conflict stays on record. What was given
 * never changes (the database refuses it). Inside a transaction it joins it.
 */
@Injectable()
export class SecondOpinionArbitrationRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insert(arbitration: NewArbitration): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO second_opinion_arbitration (id, request_id, arbiter_id, reason, opinion_version,
         requested_by, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        arbitration.id,
        arbitration.request_id,
        arbitration.arbiter_id,
        arbitration.reason,
        arbitration.opinion_version,
        arbitration.requested_by,
        arbitration.requested_at,
      ],
    );
  }

  /** The standing arbitration, else the latest declined one; null if none was asked for. */
  async current(requestId: string): Promise<ArbitrationRow | null> {
    const [row] = await this.uow.manager.query<ArbitrationRow[]>(
      `SELECT * FROM second_opinion_arbitration WHERE request_id = $1 ORDER BY ${STANDING_FIRST} LIMIT 1`,
      [requestId],
    );
    return row ?? null;
  }

  /**
   * The arbitration this user was asked to do on the request (the standing one if they were asked
   * twice), or null; `lock` locks it until the transaction ends.
   */
  async ofArbiter(requestId: string, userId: string, lock = false): Promise<ArbitrationRow | null> {
    const [row] = await this.uow.manager.query<ArbitrationRow[]>(
      `SELECT * FROM second_opinion_arbitration WHERE request_id = $1 AND arbiter_id = $2
       ORDER BY ${STANDING_FIRST} LIMIT 1${lock ? ' FOR UPDATE' : ''}`,
      [requestId, userId],
    );
    return row ?? null;
  }

  /** Every arbitration the user was asked to do, on any request. */
  async ofUser(userId: string): Promise<ArbitrationRow[]> {
    return this.uow.manager.query(
      `SELECT * FROM second_opinion_arbitration WHERE arbiter_id = $1 ORDER BY requested_at`,
      [userId],
    );
  }

  async attest(id: string, attestation: ConflictAttestation, at: Date): Promise<void> {
    await this.uow.manager.query(
      `UPDATE second_opinion_arbitration SET attestation = $2, attested_at = $3 WHERE id = $1`,
      [id, attestation, at],
    );
  }

  async submitAssessment(id: string, assessment: IndependentAssessment, at: Date): Promise<void> {
    await this.uow.manager.query(
      `UPDATE second_opinion_arbitration SET assessment = $2, submitted_at = $3 WHERE id = $1`,
      [id, JSON.stringify(assessment), at],
    );
  }

  /** The arbiter's decision, recorded in the written opinion's version `issuedVersion`. */
  async decide(
    id: string,
    decision: { outcome: ArbitrationOutcome; rationale: string; at: Date; issuedVersion: number },
  ): Promise<void> {
    await this.uow.manager.query(
      `UPDATE second_opinion_arbitration SET outcome = $2, rationale = $3, decided_at = $4, issued_version = $5
       WHERE id = $1`,
      [id, decision.outcome, decision.rationale, decision.at, decision.issuedVersion],
    );
  }

  /**
   * The board's requests that went to arbitration, one row each: first asked for at, and the
   * decision if made; those asked for or decided from `from` (included) to `to` (excluded).
   */
  async countedOnBoard(boardId: string, from: Date, to: Date): Promise<ArbitrationCountRow[]> {
    return this.uow.manager.query(
      `SELECT a.request_id, min(a.requested_at) AS requested_at, max(a.decided_at) AS decided_at,
         max(a.outcome) AS outcome
       FROM second_opinion_arbitration a JOIN second_opinion_request r ON r.id = a.request_id
       WHERE r.board_id = $1
       GROUP BY a.request_id
       HAVING (min(a.requested_at) >= $2 AND min(a.requested_at) < $3)
         OR (max(a.decided_at) >= $2 AND max(a.decided_at) < $3)`,
      [boardId, from, to],
    );
  }
}
