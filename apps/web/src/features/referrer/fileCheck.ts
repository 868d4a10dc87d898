import {
  SIGNATURE_BYTES,
  UPLOAD_LIMIT_BYTES,
  contentType,
  uploadType,
} from '../../api/uploadRules';

/** What is wrong with a chosen file, named by its message (worded when shown, in the language then chosen). */
export type FileProblem =
  | {
      id:
        | 'upload.error.type'
        | 'upload.error.content'
        | 'upload.error.empty'
        | 'upload.error.unreadable';
      name: string;
    }
  | { id: 'upload.error.size'; name: string; size: number }
  | {
      id:
        | 'upload.error.noFile'
        | 'upload.refused.size'
        | 'upload.refused.type'
        | 'upload.refused.unreadable';
    };

export type FileCheck = { ok: true; contentType: string } | { ok: false; problem: FileProblem };

/**
 * The server's rules, applied before a byte is sent: a PDF, PNG or JPEG by its first bytes (as
 * the server decides), not empty, within the size limit. The type to declare is the one the
 * bytes prove, so a scan the browser typed vaguely is not refused for its label.
 */
export async function checkFile(file: File): Promise<FileCheck> {
  const name = file.name;
  if (file.size === 0) return { ok: false, problem: { id: 'upload.error.empty', name } };
  let head: Uint8Array;
  try {
    head = await readHead(file);
  } catch {
    return { ok: false, problem: { id: 'upload.error.unreadable', name } };
  }
  const proven = contentType(head);
  if (!proven) {
    // Named as a PDF or an image but not one inside: damaged, or renamed.
    const id = uploadType(file) ? 'upload.error.content' : 'upload.error.type';
    return { ok: false, problem: { id, name } };
  }
  if (file.size > UPLOAD_LIMIT_BYTES) {
    return { ok: false, problem: { id: 'upload.error.size', name, size: file.size } };
  }
  return { ok: true, contentType: proven };
}

function readHead(file: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsArrayBuffer(file.slice(0, SIGNATURE_BYTES));
  });
}
