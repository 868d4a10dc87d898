import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ReadinessCriterion } from './domain';

/** A board's checklist a case must satisfy before it joins an agenda. */
@Entity('readiness_template')
export class ReadinessTemplateRow {
  @PrimaryColumn('uuid', { name: 'board_id' })
  boardId!: string;

  @Column('jsonb')
  criteria!: ReadinessCriterion[];

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('uuid', { name: 'updated_by' })
  updatedBy!: string;
}
