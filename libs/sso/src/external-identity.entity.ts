import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An identity at a provider (its subject), linked to the account it signs in to. */
@Entity('external_identity')
export class ExternalIdentity {
  @PrimaryColumn('text', { name: 'provider_id' })
  providerId!: string;

  @PrimaryColumn('text')
  subject!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  /** The email the provider vouched for when the identity was linked. */
  @Column('text', { nullable: true })
  email!: string | null;

  @Column('timestamptz', { name: 'linked_at' })
  linkedAt!: Date;

  @Column('timestamptz', { name: 'last_sign_in_at' })
  lastSignInAt!: Date;
}
