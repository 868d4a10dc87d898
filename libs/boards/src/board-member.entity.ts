import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BoardRole } from '@app/contracts';

@Entity('board_member')
export class BoardMember {
  @PrimaryColumn('uuid', { name: 'board_id' })
  boardId!: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text')
  role!: BoardRole;

  @Column('boolean', { name: 'voting_right' })
  votingRight!: boolean;

  @Column('timestamptz', { name: 'added_at' })
  addedAt!: Date;

  @Column('uuid', { name: 'added_by' })
  addedBy!: string;
}
