import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import { PreparationKind, PreparationStatus, Specialty } from '@app/contracts';

/** A specialty asked to prepare a case before the board meets (see `domain/preparation.ts`). */
@Entity('preparation_request')
export class PreparationRequest {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @Column('uuid', { name: 'board_id' })
  boardId!: string;

  @Column('text')
  specialty!: Specialty;

  @Column('text')
  kind!: PreparationKind;

  @Column('text')
  question!: string;

  @Column('uuid', { name: 'assignee_id', nullable: true })
  assigneeId!: string | null;

  @Column('text')
  status!: PreparationStatus;

  @Column('text', { nullable: true })
  finding!: string | null;

  @Column('uuid', { name: 'requested_by' })
  requestedBy!: string;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt!: Date;

  @Column('uuid', { name: 'completed_by', nullable: true })
  completedBy!: string | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @Column('uuid', { name: 'cancelled_by', nullable: true })
  cancelledBy!: string | null;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;

  @Column('text', { name: 'cancelled_reason', nullable: true })
  cancelledReason!: string | null;

  @VersionColumn()
  version!: number;
}
