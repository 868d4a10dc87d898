import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { QuorumPolicy, VotingPolicy } from '@app/contracts';

@Entity('board')
export class Board {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'tumour_sites', array: true })
  tumourSites!: string[];

  @Column('text')
  institution!: string;

  @Column('text')
  timezone!: string;

  @Column('text')
  description!: string;

  @Column('jsonb', { name: 'quorum_policy' })
  quorumPolicy!: QuorumPolicy;

  @Column('jsonb', { name: 'voting_policy' })
  votingPolicy!: VotingPolicy;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
