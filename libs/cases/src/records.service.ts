import { Inject, Injectable } from '@nestjs/common';
import { CaseRecordView, DicomReference } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { Clock, Conflict, DomainEventBus, InvalidInput, NotFound, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { CaseAccessService } from './case-access.service';
import { CaseRecord } from './case-record.entity';
import { CaseRecordRepository } from './case-record.repository';
import { CaseStatus, RecordKind, checkDeclaredType } from './domain';
import { checkUploadContent } from './upload-content';
import { RecordDownload } from './record-download';
import { RecordStore, safeFileName } from './record-store';

export interface RecordInput {
  kind: RecordKind;
  title: string;
  recordDate?: string;
  source?: string;
  dicom?: DicomReference;
}

export interface UploadedFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

const CLOSED = [CaseStatus.RecommendationPublished, CaseStatus.Withdrawn];

@Injectable()
export class RecordsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly access: CaseAccessService,
    private readonly recordRepository: CaseRecordRepository,
    @Inject(RecordStore) private readonly store: RecordStore,
    private readonly clock: Clock,
  ) {}

  /** A record without a file: an imaging study (DICOM reference) or a document held elsewhere. */
  async addReference(
    user: AuthenticatedUser,
    caseId: string,
    input: RecordInput,
  ): Promise<CaseRecordView> {
    if (input.kind === 'imaging_study' && !input.dicom) {
      throw new InvalidInput('an imaging study needs its DICOM reference', [
        { field: 'dicom', message: 'dicom is required when kind is imaging_study' },
      ]);
    }
    return this.insert(user, caseId, input, null);
  }

  /** A PDF, PNG or JPEG upload; the declared type must match the bytes. */
  async upload(
    user: AuthenticatedUser,
    caseId: string,
    input: RecordInput,
    file: UploadedFile | undefined,
  ): Promise<CaseRecordView> {
    if (!file)
      throw new InvalidInput('no file uploaded', [{ field: 'file', message: 'file is required' }]);
    if (input.kind === 'imaging_study') {
      throw new InvalidInput('imaging studies are DICOM references, not uploads', [
        { field: 'kind', message: 'use a DICOM reference for imaging studies' },
      ]);
    }
    const check = checkDeclaredType(file.mimetype, file.buffer.subarray(0, 16));
    if (!check.ok)
      throw new InvalidInput(check.message, [{ field: 'file', message: check.message }]);
    await this.access.load(user, caseId, 'edit');
    await checkUploadContent(check.type, file.buffer);
    const stored = await this.store.save(file.buffer);
    try {
      return await this.insert(user, caseId, input, {
        key: stored.key,
        name: safeFileName(file.originalname),
        contentType: check.type,
        sizeBytes: stored.sizeBytes,
        sha256: stored.sha256,
      });
    } catch (error) {
      await this.store.remove(stored.key);
      throw error;
    }
  }

  /** Opens a record's file for streaming, and audits the download before any byte leaves. */
  async download(
    user: AuthenticatedUser,
    caseId: string,
    recordId: string,
  ): Promise<RecordDownload> {
    return this.uow.run(async () => {
      await this.access.load(user, caseId, 'view');
      const record = await this.recordRepository.find(caseId, recordId);
      if (!record || !record.fileKey || !record.contentType)
        throw new NotFound('record file', recordId);
      const stream = await this.store.openForReading(record.fileKey).catch(() => {
        throw new NotFound('record file', recordId);
      });
      await this.events.publish({
        type: 'domain',
        action: 'case_record.downloaded',
        targetType: 'case_record',
        targetId: record.id,
        details: { caseId, sha256: record.sha256 },
      });
      return {
        stream,
        fileName: record.fileName ?? `${record.id}`,
        contentType: record.contentType,
        sizeBytes: Number(record.sizeBytes ?? 0),
      };
    });
  }

  async remove(user: AuthenticatedUser, caseId: string, recordId: string): Promise<void> {
    const fileKey = await this.uow.run(async () => {
      const { clinicalCase } = await this.access.load(user, caseId, 'edit', true);
      if (CLOSED.includes(clinicalCase.status))
        throw new Conflict(`records of a ${clinicalCase.status} case are kept`);
      const record = await this.recordRepository.find(caseId, recordId);
      if (!record) throw new NotFound('record', recordId);
      await this.recordRepository.delete(record.id);
      await this.events.publish({
        type: 'domain',
        action: 'case_record.removed',
        targetType: 'case_record',
        targetId: record.id,
        details: { caseId, kind: record.kind, title: record.title, sha256: record.sha256 },
      });
      return record.fileKey;
    });
    if (fileKey) await this.store.remove(fileKey);
  }

  private async insert(
    user: AuthenticatedUser,
    caseId: string,
    input: RecordInput,
    file: {
      key: string;
      name: string;
      contentType: string;
      sizeBytes: number;
      sha256: string;
    } | null,
  ): Promise<CaseRecordView> {
    return this.uow.run(async () => {
      const { clinicalCase } = await this.access.load(user, caseId, 'edit');
      if (CLOSED.includes(clinicalCase.status))
        throw new Conflict(`a ${clinicalCase.status} case takes no new records`);
      const record: CaseRecord = {
        id: newId(),
        caseId,
        kind: input.kind,
        title: input.title.trim(),
        recordDate: input.recordDate ?? null,
        source: input.source?.trim() ?? '',
        dicom: input.dicom ?? null,
        fileKey: file?.key ?? null,
        fileName: file?.name ?? null,
        contentType: file?.contentType ?? null,
        sizeBytes: file ? String(file.sizeBytes) : null,
        sha256: file?.sha256 ?? null,
        createdBy: user.id,
        createdAt: this.clock.now(),
      };
      await this.recordRepository.insert(record);
      await this.events.publish({
        type: 'domain',
        action: 'case_record.added',
        targetType: 'case_record',
        targetId: record.id,
        details: { caseId, kind: record.kind, file: file !== null, sha256: file?.sha256 ?? null },
      });
      return toRecordView(record);
    });
  }
}

export function toRecordView(record: CaseRecord): CaseRecordView {
  return {
    id: record.id,
    caseId: record.caseId,
    kind: record.kind,
    title: record.title,
    recordDate: record.recordDate,
    source: record.source,
    dicom: record.dicom,
    file:
      record.fileKey && record.contentType
        ? {
            name: record.fileName ?? record.id,
            contentType: record.contentType,
            sizeBytes: Number(record.sizeBytes ?? 0),
            sha256: record.sha256 ?? '',
            downloadUrl: `/api/v1/cases/${record.caseId}/records/${record.id}/file`,
          }
        : null,
    createdAt: record.createdAt.toISOString(),
  };
}
