import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import {
  Biomarker,
  CaseDiagnosis,
  CaseFirstTreatmentStatus,
  CasePriority,
  CaseReferral,
  PatientSex,
} from '@app/contracts';
import { CaseStatus, Staging } from './domain';

/** A patient's case presented to one board. The patient is known by a pseudonymous reference. */
@Entity('clinical_case')
export class ClinicalCase {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'board_id' })
  boardId!: string;

  @Column('text', { name: 'patient_ref' })
  patientRef!: string;

  /** AES-256-GCM ciphertext of the MRN; never stored or logged in clear. */
  @Column('text', { name: 'mrn_ciphertext', nullable: true })
  mrnCiphertext!: string | null;

  @Column('integer', { name: 'birth_year' })
  birthYear!: number;

  @Column('text')
  sex!: PatientSex;

  @Column('jsonb')
  referral!: CaseReferral;

  @Column('jsonb')
  diagnosis!: CaseDiagnosis;

  @Column('jsonb', { nullable: true })
  staging!: Staging | null;

  @Column('jsonb')
  biomarkers!: Biomarker[];

  @Column('integer', { nullable: true })
  ecog!: number | null;

  @Column('text')
  question!: string;

  @Column('text', { name: 'clinical_summary' })
  clinicalSummary!: string;

  @Column('text')
  priority!: CasePriority;

  @Column('date', { name: 'due_date', nullable: true })
  dueDate!: string | null;

  /** Null: not recorded (see `CaseFirstTreatment`). */
  @Column('text', { name: 'first_treatment_status', nullable: true })
  firstTreatmentStatus!: CaseFirstTreatmentStatus | null;

  /** Given exactly when the first treatment has started. */
  @Column('date', { name: 'first_treatment_started_on', nullable: true })
  firstTreatmentStartedOn!: string | null;

  @Column('text')
  status!: CaseStatus;

  @Column('uuid', { name: 'presenter_id', nullable: true })
  presenterId!: string | null;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
