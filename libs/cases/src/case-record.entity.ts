import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DicomReference } from '@app/contracts';
import { RecordKind } from './domain';

/** A document or imaging reference attached to a case. Files live outside the database. */
@Entity('case_record')
export class CaseRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @Column('text')
  kind!: RecordKind;

  @Column('text')
  title!: string;

  @Column('date', { name: 'record_date', nullable: true })
  recordDate!: string | null;

  @Column('text')
  source!: string;

  @Column('jsonb', { nullable: true })
  dicom!: DicomReference | null;

  @Column('text', { name: 'file_key', nullable: true })
  fileKey!: string | null;

  @Column('text', { name: 'file_name', nullable: true })
  fileName!: string | null;

  @Column('text', { name: 'content_type', nullable: true })
  contentType!: string | null;

  @Column('bigint', { name: 'size_bytes', nullable: true })
  sizeBytes!: string | null;

  @Column('text', { nullable: true })
  sha256!: string | null;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
