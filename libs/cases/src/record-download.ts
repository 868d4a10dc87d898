import { StreamableFile } from '@nestjs/common';
import { ReadStream } from 'node:fs';

/** A stored document on its way to a reader, its download already audited. */
export interface RecordDownload {
  stream: ReadStream;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

/** The document as an attachment under its display name (never rendered inline). */
export function recordAttachment(file: RecordDownload): StreamableFile {
  return new StreamableFile(file.stream, {
    type: file.contentType,
    length: file.sizeBytes,
    disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
  });
}
