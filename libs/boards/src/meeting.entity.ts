import { Column, Entity, PrimaryColumn } from 'typeorm';
import { MeetingStatus } from './domain';

/** A schedule of meetings: one occurrence, or an RRULE expanded into occurrences. */
@Entity('meeting_series')
export class MeetingSeries {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'board_id' })
  boardId!: string;

  @Column('text')
  title!: string;

  @Column('text', { nullable: true })
  rrule!: string | null;

  @Column('text', { name: 'first_start_local' })
  firstStartLocal!: string;

  @Column('integer', { name: 'duration_minutes' })
  durationMinutes!: number;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}

/** One sitting of a board, with its own status and agenda. */
@Entity('meeting')
export class Meeting {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'board_id' })
  boardId!: string;

  @Column('uuid', { name: 'series_id', nullable: true })
  seriesId!: string | null;

  @Column('text')
  title!: string;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt!: Date;

  @Column('timestamptz', { name: 'ends_at' })
  endsAt!: Date;

  /** The start the series originally gave this occurrence (kept when moved). */
  @Column('timestamptz', { name: 'original_starts_at' })
  originalStartsAt!: Date;

  @Column('text')
  status!: MeetingStatus;

  @Column('text', { name: 'cancelled_reason', nullable: true })
  cancelledReason!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
