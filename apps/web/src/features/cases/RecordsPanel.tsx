import { useRef, useState, type ReactNode } from 'react';
import {
  Disclosure,
  DisclosurePanel,
  DropZone,
  FileTrigger,
  Heading,
  Label,
  Link,
  ProgressBar,
  Text,
} from 'react-aria-components';
import { ApiError, errorMessage } from '../../api/errors';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, SelectField, SubmitForm, TextInput } from '../../ui/fields';
import { Card } from '../../ui/Page';
import { Empty } from '../../ui/states';
import { calendarDate } from '../../ui/time';
import {
  useAddDicomReference,
  useDeleteRecord,
  useDownloadRecord,
  useUploadRecord,
  type CaseRecordView,
} from './queries';
import { UPLOAD_ACCEPT, UPLOAD_LIMIT_BYTES, uploadProblem, uploadType } from './uploadChecks';
import { fileSize, fileTypeName } from '../../ui/words';
import { UPLOAD_KIND_OPTIONS, recordKindLabel, type UploadKind } from './words';
import './cases.css';
import { saveFile } from '../../api/download';

interface RecordsPanelProps {
  caseId: string;
  boardId: string;
  records: readonly CaseRecordView[];
  /** May add and remove records (edit rights on an open case). */
  canChange: boolean;
  /** Ways to add records that other features bring (linking a study from the PACS). */
  actions?: ReactNode;
}

/** The case's documents and imaging studies: listed for every member, added and removed by editors. */
export function RecordsPanel({ caseId, boardId, records, canChange, actions }: RecordsPanelProps) {
  const download = useDownloadRecord(caseId);
  const [downloadProblem, setDownloadProblem] = useState<string | null>(null);
  const [removing, setRemoving] = useState<CaseRecordView | null>(null);

  const save = async (record: CaseRecordView) => {
    if (!record.file) return;
    setDownloadProblem(null);
    try {
      const blob = await download.mutateAsync(record.id);
      saveFile(blob, record.file.name);
    } catch (error) {
      setDownloadProblem(`“${record.title}” could not be downloaded. ${errorMessage(error)}`);
    }
  };

  return (
    <Card title="Records">
      {records.length === 0 ? (
        <Empty title="No records yet">
          {canChange
            ? 'Attach the pathology report and recent imaging: the readiness checklist counts them.'
            : 'The presenter or coordinator attaches reports and imaging studies here.'}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Records of this case</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Title</th>
                <th scope="col">Date</th>
                <th scope="col">Source</th>
                <th scope="col">File or study</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {records.map((record) => (
                <tr key={record.id}>
                  <td>{recordKindLabel(record.kind)}</td>
                  <td>{record.title}</td>
                  <td>{calendarDate(record.recordDate)}</td>
                  <td>{record.source || '—'}</td>
                  <td>
                    {record.file ? (
                      <span>
                        {fileTypeName(record.file.contentType)}, {fileSize(record.file.sizeBytes)}
                      </span>
                    ) : record.dicom ? (
                      <span>
                        {record.dicom.modality} study{' '}
                        <span className="mono small record-uid">
                          {record.dicom.studyInstanceUid}
                        </span>
                        <>
                          {' '}
                          <Link
                            href={`/cases/${caseId}/imaging/${encodeURIComponent(record.dicom.studyInstanceUid)}`}
                            aria-label={`View images of ${record.title}`}
                          >
                            View images
                          </Link>
                        </>
                        {record.dicom.url ? (
                          <>
                            {' '}
                            <a href={record.dicom.url} target="_blank" rel="noopener noreferrer">
                              Open in viewer
                              <span className="visually-hidden"> (opens in a new tab)</span>
                            </a>
                          </>
                        ) : null}
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <div className="record-actions">
                      {record.file ? (
                        <Button
                          size="small"
                          onPress={() => void save(record)}
                          isPending={download.isPending && download.variables === record.id}
                          aria-label={`Download ${record.title}`}
                        >
                          Download
                        </Button>
                      ) : null}
                      {canChange ? (
                        <Button
                          size="small"
                          variant="quiet"
                          onPress={() => setRemoving(record)}
                          aria-label={`Remove ${record.title}`}
                        >
                          Remove
                        </Button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FormError message={downloadProblem} />
      {canChange || actions ? (
        <div className="stack">
          {actions}
          {canChange ? (
            <>
              <AddSection label="Upload a document">
                <UploadForm caseId={caseId} boardId={boardId} />
              </AddSection>
              <AddSection label="Add an imaging study (DICOM)">
                <DicomForm caseId={caseId} boardId={boardId} />
              </AddSection>
            </>
          ) : null}
        </div>
      ) : null}
      {removing ? (
        <RemoveRecordDialog
          caseId={caseId}
          boardId={boardId}
          record={removing}
          onClose={() => setRemoving(null)}
        />
      ) : null}
    </Card>
  );
}

/** A way to add a record, folded away behind its button until wanted. */
function AddSection({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Disclosure className="stack">
      <Heading level={3}>
        <Button slot="trigger" variant="secondary">
          {label}
        </Button>
      </Heading>
      <DisclosurePanel>{children}</DisclosurePanel>
    </Disclosure>
  );
}

/** What a form keeps as typed, a text a field; `field(name)` binds an input to one. */
function useDraft<Draft extends Record<string, string>>(empty: Draft) {
  const [draft, setDraft] = useState(empty);
  const set = (name: keyof Draft, value: string) =>
    setDraft((current) => ({ ...current, [name]: value }));
  const field = (name: keyof Draft) => ({
    value: draft[name],
    onChange: (value: string) => set(name, value),
  });
  return { draft, set, field, clear: () => setDraft(empty) };
}

/** What every record has besides its file or study, as typed. */
const NO_DETAILS = { title: '', recordDate: '', source: '' };

/** The typed details as the API takes them: trimmed, an empty date or source left out. */
function recordDetails({ title, recordDate, source }: typeof NO_DETAILS) {
  return {
    title: title.trim(),
    ...(recordDate ? { recordDate } : {}),
    ...(source.trim() ? { source: source.trim() } : {}),
  };
}

/** Under a record form: the refusal that names no field, or what was just added. */
function FormOutcome({ problem, done }: { problem: string | null; done: string | null }) {
  return (
    <>
      <FormError message={problem} />
      {done ? (
        <p className="notice notice-success" role="status">
          {done}
        </p>
      ) : null}
    </>
  );
}

function uploadRefusal(error: unknown): {
  file?: string;
  fields: Record<string, string>;
  other?: string;
} {
  if (!(error instanceof ApiError)) {
    if (error instanceof DOMException && error.name === 'AbortError')
      return { fields: {}, file: 'The upload was cancelled. Nothing was attached.' };
    return { fields: {}, other: errorMessage(error) };
  }
  if (error.status === 413) {
    return {
      fields: {},
      file: `The server refused the file as too large. Files up to ${fileSize(UPLOAD_LIMIT_BYTES)} are accepted unless your administrator set a lower limit.`,
    };
  }
  if (error.status === 422) {
    return { fields: {}, file: `The file could not be opened: ${error.message}.` };
  }
  if (error.status === 415) {
    return {
      fields: {},
      file: `The server did not accept this file: ${error.message}. Upload a PDF, PNG or JPEG.`,
    };
  }
  const fields: Record<string, string> = {};
  for (const name of ['kind', 'title', 'recordDate', 'source']) {
    const messages = error.fieldMessages(name);
    if (messages.length > 0) fields[name] = messages.join(' ');
  }
  // Said after "The server did not accept this file:", in the server's own words.
  const fileMessages = error.details
    .filter((detail) => detail.field === 'file')
    .map((detail) => detail.message);
  if (fileMessages.length > 0) {
    return { fields, file: `The server did not accept this file: ${fileMessages.join(' ')}.` };
  }
  if (Object.keys(fields).length > 0) return { fields };
  return { fields, other: errorMessage(error) };
}

export function UploadForm({ caseId, boardId }: { caseId: string; boardId: string }) {
  const upload = useUploadRecord(caseId, boardId);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [kind, setKind] = useState<UploadKind | null>(null);
  const { draft, set, field, clear } = useDraft(NO_DETAILS);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  const choose = (chosen: File | undefined) => {
    setDone(null);
    setProblem(null);
    if (!chosen) return;
    const wrong = uploadProblem(chosen);
    if (wrong) {
      setFile(null);
      setFileError(wrong);
      return;
    }
    setFileError(null);
    setFile(chosen);
    if (!draft.title.trim()) set('title', chosen.name.replace(/\.[^.]+$/, ''));
  };

  const submit = async () => {
    setProblem(null);
    setDone(null);
    const missing: Record<string, string> = {};
    if (!kind) missing.kind = 'Choose what kind of record this is.';
    if (draft.title.trim().length < 2)
      missing.title = 'Give the record a title of at least 2 characters.';
    const wrong = file
      ? uploadProblem(file)
      : (fileError ?? 'Choose a PDF, PNG or JPEG file to upload.');
    setFileError(wrong);
    setFieldErrors(missing);
    if (wrong || !file || !kind || Object.keys(missing).length > 0) return;
    const controller = new AbortController();
    abort.current = controller;
    setProgress(0);
    try {
      await upload.mutateAsync({
        file,
        contentType: uploadType(file) ?? file.type,
        fields: { kind, ...recordDetails(draft) },
        onProgress: (fraction) => setProgress(Math.round(fraction * 100)),
        signal: controller.signal,
      });
      setDone(`“${draft.title.trim()}” was attached.`);
      setFile(null);
      setKind(null);
      clear();
    } catch (error) {
      const refusal = uploadRefusal(error);
      setFileError(refusal.file ?? null);
      setFieldErrors(refusal.fields);
      setProblem(refusal.other ?? null);
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  const uploading = progress !== null;
  return (
    <SubmitForm onSubmit={submit}>
      <div className="field">
        <DropZone
          className="drop-zone"
          isDisabled={uploading}
          // Any file may be dropped: a wrong one is explained rather than silently refused.
          getDropOperation={() => 'copy'}
          onDrop={async (event) => {
            const item = event.items.find((dropped) => dropped.kind === 'file');
            if (item && item.kind === 'file') choose(await item.getFile());
          }}
        >
          <FileTrigger
            acceptedFileTypes={UPLOAD_ACCEPT}
            onSelect={(files) => choose(files?.[0] ?? undefined)}
          >
            <Button isDisabled={uploading}>Choose file…</Button>
          </FileTrigger>
          <Text slot="label">
            {file ? (
              <>
                <strong>{file.name}</strong> ({fileSize(file.size)})
              </>
            ) : (
              <>or drop it here. PDF, PNG or JPEG, up to {fileSize(UPLOAD_LIMIT_BYTES)}.</>
            )}
          </Text>
        </DropZone>
        {fileError ? (
          <p className="field-error" role="alert">
            {fileError}
          </p>
        ) : null}
      </div>
      <div className="form-grid">
        <SelectField
          label="Kind"
          options={UPLOAD_KIND_OPTIONS}
          value={kind}
          onChange={(id) => setKind(id as UploadKind)}
          errorMessage={fieldErrors.kind}
          isRequired
          isDisabled={uploading}
        />
        <TextInput
          label="Title"
          {...field('title')}
          errorMessage={fieldErrors.title}
          maxLength={300}
          isRequired
          isDisabled={uploading}
        />
        <TextInput
          label="Record date"
          type="date"
          {...field('recordDate')}
          errorMessage={fieldErrors.recordDate}
          description="The date of the report or study, not today's."
          isDisabled={uploading}
        />
        <TextInput
          label="Source"
          {...field('source')}
          errorMessage={fieldErrors.source}
          placeholder="e.g. Pathology department"
          maxLength={300}
          isDisabled={uploading}
        />
      </div>
      {uploading ? (
        <ProgressBar className="meter" value={progress}>
          {({ percentage, valueText }) => (
            <>
              <div className="meter-label">
                <Label>Uploading {file?.name}</Label>
                <span>{valueText}</span>
              </div>
              <div className="meter-track">
                <div className="meter-fill" style={{ width: `${percentage ?? 0}%` }} />
              </div>
            </>
          )}
        </ProgressBar>
      ) : null}
      <FormOutcome problem={problem} done={done} />
      <div className="form-actions">
        <Button type="submit" variant="primary" isPending={uploading}>
          Upload
        </Button>
        {uploading ? <Button onPress={() => abort.current?.abort()}>Cancel upload</Button> : null}
      </div>
    </SubmitForm>
  );
}

function DicomForm({ caseId, boardId }: { caseId: string; boardId: string }) {
  const add = useAddDicomReference(caseId, boardId);
  const { draft, field, clear } = useDraft({ ...NO_DETAILS, uid: '', modality: '', url: '' });
  const { title, uid, modality, url } = draft;
  const [errors, setErrors] = useState<ApiError | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const message = (path: string) =>
    local[path] ?? (errors?.fieldMessages(path).join(' ') || undefined);

  const submit = async () => {
    setErrors(null);
    setProblem(null);
    setDone(null);
    const missing: Record<string, string> = {};
    if (title.trim().length < 2) missing.title = 'Give the study a title of at least 2 characters.';
    if (!uid.trim()) missing['dicom.studyInstanceUid'] = 'Enter the Study Instance UID.';
    if (!modality.trim()) missing['dicom.modality'] = 'Enter the modality, such as CT, MR or PT.';
    setLocal(missing);
    if (Object.keys(missing).length > 0) return;
    try {
      await add.mutateAsync({
        kind: 'imaging_study',
        ...recordDetails(draft),
        dicom: {
          studyInstanceUid: uid.trim(),
          modality: modality.trim().toUpperCase(),
          ...(url.trim() ? { url: url.trim() } : {}),
        },
      });
      setDone(`The study “${title.trim()}” was added.`);
      clear();
    } catch (error) {
      if (error instanceof ApiError && error.details.some((detail) => detail.field)) {
        setErrors(error);
        const shown = ['title', 'recordDate', 'source', 'dicom'];
        const other = error.details.filter(
          (detail) =>
            !detail.field ||
            !shown.some((name) => detail.field === name || detail.field?.startsWith(`${name}.`)),
        );
        setProblem(other.length > 0 ? other.map((detail) => detail.message).join(' ') : null);
      } else {
        setProblem(errorMessage(error));
      }
    }
  };

  return (
    <SubmitForm onSubmit={submit}>
      <p className="muted small">
        The images stay in the PACS; the case keeps a reference the imaging viewer can open.
      </p>
      <div className="form-grid">
        <TextInput
          label="Title"
          {...field('title')}
          errorMessage={message('title')}
          placeholder="e.g. CT chest/abdomen/pelvis with contrast"
          maxLength={300}
          isRequired
        />
        <TextInput
          label="Study Instance UID"
          {...field('uid')}
          errorMessage={message('dicom.studyInstanceUid') ?? message('dicom')}
          description="Digits separated by dots, at most 64 characters."
          maxLength={64}
          isRequired
        />
        <TextInput
          label="Modality"
          {...field('modality')}
          errorMessage={message('dicom.modality')}
          description="DICOM modality code: CT, MR, PT, US, MG…"
          maxLength={4}
          isRequired
        />
        <TextInput
          label="Viewer or DICOMweb link"
          type="url"
          {...field('url')}
          errorMessage={message('dicom.url')}
          placeholder="https://…"
        />
        <TextInput
          label="Study date"
          type="date"
          {...field('recordDate')}
          errorMessage={message('recordDate')}
        />
        <TextInput
          label="Source"
          {...field('source')}
          errorMessage={message('source')}
          placeholder="e.g. Radiology department PACS"
          maxLength={300}
        />
      </div>
      <FormOutcome problem={problem} done={done} />
      <div>
        <Button type="submit" variant="primary" isPending={add.isPending}>
          Add study
        </Button>
      </div>
    </SubmitForm>
  );
}

function RemoveRecordDialog({
  caseId,
  boardId,
  record,
  onClose,
}: {
  caseId: string;
  boardId: string;
  record: CaseRecordView;
  onClose: () => void;
}) {
  const remove = useDeleteRecord(caseId, boardId);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Dialog
      title="Remove this record?"
      role="alertdialog"
      isOpen
      onOpenChange={(open) => {
        if (!open && !remove.isPending) onClose();
      }}
    >
      <div className="stack">
        <p>
          “{record.title}” ({recordKindLabel(record.kind)}) will be removed from the case
          {record.file ? ' and its file deleted' : ''}. The removal is recorded in the audit log.
        </p>
        <FormError message={problem} />
        <div className="dialog-actions">
          <Button slot="close" isDisabled={remove.isPending}>
            Keep it
          </Button>
          <Button
            variant="danger"
            isPending={remove.isPending}
            onPress={async () => {
              setProblem(null);
              try {
                await remove.mutateAsync(record.id);
                onClose();
              } catch (error) {
                setProblem(errorMessage(error));
              }
            }}
          >
            Remove record
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
