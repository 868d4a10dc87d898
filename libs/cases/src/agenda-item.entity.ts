import { Column, Entity, PrimaryColumn } from 'typeorm';
import { AgendaItemStatus } from './domain';

/** A case's slot on a meeting's agenda. Deferred items stay (position null) as history. */
@Entity('agenda_item')
export class AgendaItem {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'meeting_id' })
  meetingId!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @Column('integer', { nullable: true })
  position!: number | null;

  @Column('integer', { name: 'minutes_allotted' })
  minutesAllotted!: number;

  @Column('uuid', { name: 'presenter_id' })
  presenterId!: string;

  @Column('text')
  status!: AgendaItemStatus;

  /** Why a coordinator put a case that was not ready on the agenda. */
  @Column('text', { name: 'override_reason', nullable: true })
  overrideReason!: string | null;

  @Column('uuid', { name: 'deferred_from_item_id', nullable: true })
  deferredFromItemId!: string | null;

  @Column('text', { name: 'deferral_reason', nullable: true })
  deferralReason!: string | null;

  @Column('uuid', { name: 'added_by' })
  addedBy!: string;

  @Column('timestamptz', { name: 'added_at' })
  addedAt!: Date;
}
