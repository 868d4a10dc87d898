import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import {
  PlatformRole,
  ProfessionalCredentials,
  Specialty,
  UserStatus,
  UserView,
} from '@app/contracts';

@Entity('app_user')
export class User {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  email!: string;

  @Column('text', { name: 'display_name' })
  displayName!: string;

  @Column('text')
  specialty!: Specialty;

  @Column('text')
  institution!: string;

  @Column('jsonb')
  credentials!: ProfessionalCredentials;

  @Column('text')
  role!: PlatformRole;

  @Column('text')
  status!: UserStatus;

  @Column('text', { name: 'password_hash', nullable: true })
  passwordHash!: string | null;

  @Column('timestamptz', { name: 'password_changed_at', nullable: true })
  passwordChangedAt!: Date | null;

  @Column('integer', { name: 'failed_login_count', default: 0 })
  failedLoginCount!: number;

  @Column('timestamptz', { name: 'locked_until', nullable: true })
  lockedUntil!: Date | null;

  @Column('text', { name: 'invitation_token_hash', nullable: true })
  invitationTokenHash!: string | null;

  @Column('timestamptz', { name: 'invitation_expires_at', nullable: true })
  invitationExpiresAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    specialty: user.specialty,
    institution: user.institution,
    credentials: user.credentials,
    role: user.role,
    status: user.status,
    createdAt: user.createdAt.toISOString(),
  };
}
