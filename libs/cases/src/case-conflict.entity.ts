import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A member's declared conflict of interest on a case; it excludes them from voting on it. */
@Entity('case_conflict')
export class CaseConflict {
  @PrimaryColumn('uuid', { name: 'case_id' })
  caseId!: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text')
  reason!: string;

  @Column('timestamptz', { name: 'declared_at' })
  declaredAt!: Date;
}
